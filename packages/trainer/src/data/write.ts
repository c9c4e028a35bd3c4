import { once } from "node:events";
import { createWriteStream } from "node:fs";

function csvCell(value: unknown): string {
  if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) return "";
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The lines of a CSV file (header first) for named columns of equal length. */
export function* csvLines(columns: Record<string, ArrayLike<unknown>>): Generator<string> {
  const names = Object.keys(columns);
  const n = names.length === 0 ? 0 : columns[names[0]].length;
  yield names.map(csvCell).join(",");
  const arrays = names.map((name) => columns[name]);
  for (let row = 0; row < n; row++) {
    let line = "";
    for (let c = 0; c < arrays.length; c++) line += (c ? "," : "") + csvCell(arrays[c][row]);
    yield line;
  }
}

/** Writes named columns of equal length as a CSV file with a header row. */
export async function writeCsv(path: string, columns: Record<string, ArrayLike<unknown>>): Promise<void> {
  const out = createWriteStream(path);
  for (const line of csvLines(columns)) {
    if (!out.write(`${line}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** Columns for a predictions file: `prediction`, then `proba_<class>` per class for classification. */
export function predictionColumns(set: {
  predictions: (number | string)[];
  classes: string[];
  probabilities?: Float64Array;
}): Record<string, ArrayLike<unknown>> {
  const columns: Record<string, ArrayLike<unknown>> = { prediction: set.predictions };
  const k = set.classes.length;
  if (set.probabilities) {
    set.classes.forEach((name, c) => {
      columns[`proba_${name}`] = Float64Array.from(
        { length: set.predictions.length },
        (_, i) => set.probabilities![i * k + c],
      );
    });
  }
  return columns;
}
