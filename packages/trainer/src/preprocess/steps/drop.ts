import { distinctCount, type WorkingFeature } from "../feature.js";

/** Columns the model never sees, each with the reason. */
export interface DropState {
  type: "drop";
  dropped: { column: string; reason: "constant" | "id_like" | "requested" }[];
}

const ID_NAME = /(^|[_\s.-])(id|uuid|guid|key)$|^id[_\s.-]|^(id|uuid|guid)$/i;

/** Finds constant and ID-like columns among the training rows; `requested` columns are dropped whatever they hold. */
export function fitDrop(features: WorkingFeature[], requested: readonly string[] = []): DropState {
  const dropped: DropState["dropped"] = [];
  const asked = new Set(requested);
  for (const f of features) {
    if (asked.has(f.name)) {
      dropped.push({ column: f.name, reason: "requested" });
      continue;
    }
    const n = f.kind === "numeric" ? f.values.length : f.codes.length;
    if (f.kind === "categorical") {
      const used = new Set<number>();
      for (const c of f.codes) if (c >= 0) used.add(c);
      if (used.size <= 1) dropped.push({ column: f.name, reason: "constant" });
      // Text that is (nearly) unique per row identifies rows rather than describing them.
      else if (n >= 20 && used.size > 0.95 * n) dropped.push({ column: f.name, reason: "id_like" });
      continue;
    }
    // Counting every distinct value costs a hash set as large as the column: only ID-like names need it.
    if (distinctCount(f.values, 1) <= 1) dropped.push({ column: f.name, reason: "constant" });
    else if (
      n >= 20 &&
      ID_NAME.test(f.name) &&
      f.values.every(Number.isInteger) &&
      distinctCount(f.values, n) === n
    ) {
      dropped.push({ column: f.name, reason: "id_like" });
    }
  }
  return { type: "drop", dropped };
}

export function applyDrop(state: DropState, features: WorkingFeature[]): WorkingFeature[] {
  const gone = new Set(state.dropped.map((d) => d.column));
  return features.filter((f) => !gone.has(f.name));
}
