import type { TrialOutcome } from "@parzen/trainer";

/** A trial outcome as JSON (for a queue): out-of-fold predictions as base64 doubles, NaN scores as null. */
export interface EncodedOutcome {
  oof: string;
  foldScores: (number | null)[];
  scores: Record<string, number | null>;
  pruned: boolean;
  seconds: number;
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);
const number = (v: number | null) => (v === null ? Number.NaN : v);

export function encodeOutcome(o: TrialOutcome): EncodedOutcome {
  return {
    oof: Buffer.from(o.oof.buffer, o.oof.byteOffset, o.oof.byteLength).toString("base64"),
    foldScores: o.foldScores.map(finite),
    scores: Object.fromEntries(Object.entries(o.scores).map(([k, v]) => [k, finite(v)])),
    pruned: o.pruned,
    seconds: o.seconds,
  };
}

export function decodeOutcome(e: EncodedOutcome): TrialOutcome {
  const bytes = Buffer.from(e.oof, "base64");
  const oof = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(oof.buffer).set(bytes);
  return {
    oof,
    foldScores: e.foldScores.map(number),
    scores: Object.fromEntries(Object.entries(e.scores).map(([k, v]) => [k, number(v)])),
    pruned: e.pruned,
    seconds: e.seconds,
  };
}
