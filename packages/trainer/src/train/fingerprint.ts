import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Frame } from "../data/frame.js";
import { TrainerInputError } from "../errors.js";
import type { TrainOptions } from "./options.js";

/** The file in a journal directory that names the run the journal belongs to. */
export const FINGERPRINT_FILE = "fingerprint.json";

/** Hashes every column's name, kind and values, so any change to the data changes the fingerprint. */
function hashFrame(hash: ReturnType<typeof createHash>, frame: Frame): void {
  hash.update(`rows:${frame.nRows}\n`);
  for (const name of frame.names) {
    const column = frame.column(name);
    hash.update(`column:${JSON.stringify(name)}:${column.kind}\n`);
    if (column.kind === "categorical") {
      hash.update(JSON.stringify(column.categories));
      hash.update(new Uint8Array(column.codes.buffer, column.codes.byteOffset, column.codes.byteLength));
    } else
      hash.update(new Uint8Array(column.values.buffer, column.values.byteOffset, column.values.byteLength));
  }
}

/**
 * What a journaled trial depends on: the data, the task, the filter, the splits (folds, seed, holdout), the
 * metrics and fixed parameters. Trial count, families, strategy and selection settings are left out, since a
 * rerun may add trials or families and still reuse every finished trial.
 */
export function runFingerprint(options: TrainOptions): string {
  const hash = createHash("sha256");
  hash.update(
    JSON.stringify({
      task: options.task,
      filter: options.filter ?? null,
      metrics: options.metrics ?? null,
      nSplits: options.nSplits === undefined ? 5 : options.nSplits,
      folds: options.folds ? Array.from(options.folds) : null,
      holdoutFraction: options.holdoutFraction ?? null,
      randomState: options.randomState ?? null,
      params: options.params ?? null,
    }),
  );
  hashFrame(hash, options.data);
  return hash.digest("hex");
}

/**
 * Ties a journal directory to one run: the first run writes its fingerprint; a later run with other data or
 * settings is refused (rather than handed the earlier run's trials as its own, or silently wiping them). A
 * directory from before fingerprints existed is adopted by the run that opens it.
 */
export function claimJournalDirectory(dir: string, fingerprint: string): void {
  const file = join(dir, FINGERPRINT_FILE);
  if (existsSync(file)) {
    let stored: string | undefined;
    try {
      stored = (JSON.parse(readFileSync(file, "utf8")) as { fingerprint?: string }).fingerprint;
    } catch {
      stored = undefined;
    }
    if (stored === fingerprint) return;
    throw new TrainerInputError(
      `The journal ${dir} belongs to another run (its data, task, filter, splits, metrics or parameters differ); resume with the same request, or journal to a new directory.`,
      { path: "journal" },
    );
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${JSON.stringify({ fingerprint })}\n`);
}
