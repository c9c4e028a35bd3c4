import { HttpError } from "../http/errors.js";
import { type Connection, duckRows, sqlIdent } from "./duck.js";
import { type ColumnProfile, type LabelProfile, type ProfileFinding, pct } from "./profile-types.js";

/** Classes listed at most in a label profile. */
const MAX_CLASSES = 50;
/** The most distinct integer values a numeric label may have and still be read as classes (as the trainer does). */
const MAX_INFERRED_CLASSES = 10;
/** Share of rows one feature's values must classify correctly on their own to be suspected of leaking the label. */
const LEAK_PURITY = 0.99;
/** |Pearson correlation| with a numeric label from which a feature is suspected of leaking it. */
const LEAK_CORRELATION = 0.98;
/** Bins a continuous feature is cut into to measure how well it separates the classes. */
const PURITY_BINS = 20;
/** Majority / minority class ratio from which the imbalance is reported. */
const IMBALANCED = 3;

/** The task kind the trainer's rule gives this column (see `resolveTask` in `@parzen/trainer`). */
function inferKind(c: ColumnProfile): { kind: LabelProfile["task_kind"]; reason: string } {
  const present = c.distinct_rate === 0 ? 0 : c.distinct_count / c.distinct_rate;
  if (c.distinct_count < 2) return { kind: null, reason: "the column holds a single value" };
  if (c.type === "string" || c.type === "category" || c.type === "bool") {
    const kind = c.distinct_count === 2 ? "binary" : "multiclass";
    return {
      kind,
      reason: `the label holds ${c.type === "bool" ? "booleans" : "text"}: ${c.distinct_count} classes`,
    };
  }
  if (c.type === "int" && c.distinct_count <= MAX_INFERRED_CLASSES && c.distinct_count < present / 2) {
    const kind = c.distinct_count === 2 ? "binary" : "multiclass";
    return { kind, reason: `the label has ${c.distinct_count} distinct integer values` };
  }
  if (c.type === "datetime") return { kind: "regression", reason: "the label holds dates (read as numbers)" };
  return { kind: "regression", reason: "the label is numeric with many distinct values" };
}

/** How well `feature` alone predicts the class: the share of rows its value group's majority class gets right. */
async function purity(
  connection: Connection,
  feature: ColumnProfile,
  label: string,
  rows: number,
): Promise<number | null> {
  const f = sqlIdent(feature.name);
  const y = sqlIdent(label);
  let groups: string;
  if (feature.distinct_count <= Math.min(50, rows / 5))
    groups = `SELECT ${f}::VARCHAR AS g, ${y} AS y FROM d`;
  else if (feature.numeric)
    groups = `SELECT ntile(${PURITY_BINS}) OVER (ORDER BY ${f}) AS g, ${y} AS y FROM d`;
  else return null; // many distinct text values: no honest grouping
  const [r] = await duckRows(
    connection,
    `WITH p AS (${groups} WHERE ${f} IS NOT NULL AND ${y} IS NOT NULL),
          c AS (SELECT g, y, count(*) AS n FROM p GROUP BY g, y),
          m AS (SELECT g, max(n) AS best, sum(n) AS total FROM c GROUP BY g)
     SELECT (sum(best) / sum(total))::DOUBLE AS purity FROM m`,
  );
  return r.purity == null ? null : Number(r.purity);
}

/** Columns suspected of leaking the label: copies of it, near-perfect correlation, or near-perfect class separation. */
async function leakageSuspects(
  connection: Connection,
  columns: ColumnProfile[],
  label: ColumnProfile,
  kind: LabelProfile["task_kind"],
  majorityRate: number,
  rows: number,
): Promise<LabelProfile["leakage_suspects"]> {
  const y = sqlIdent(label.name);
  const suspects: LabelProfile["leakage_suspects"] = [];
  for (const feature of columns) {
    if (feature.name === label.name || feature.constant || feature.id_like) continue;
    const f = sqlIdent(feature.name);
    const [copy] = await duckRows(
      connection,
      `SELECT count_if(${f}::VARCHAR IS DISTINCT FROM ${y}::VARCHAR)::DOUBLE AS differ FROM d WHERE ${y} IS NOT NULL`,
    );
    if (Number(copy.differ) === 0) {
      suspects.push({ column: feature.name, score: 1, reason: "is a copy of the label" });
      continue;
    }
    if (kind === "regression" && feature.numeric && label.numeric) {
      const [r] = await duckRows(connection, `SELECT corr(${f}::DOUBLE, ${y}::DOUBLE) AS r FROM d`);
      const corr = r.r == null ? 0 : Number(r.r);
      if (Math.abs(corr) >= LEAK_CORRELATION)
        suspects.push({
          column: feature.name,
          score: Math.abs(corr),
          reason: `correlates with the label at r = ${corr.toFixed(3)}`,
        });
    } else if (kind === "binary" || kind === "multiclass") {
      const p = await purity(connection, feature, label.name, rows);
      if (p !== null && p >= LEAK_PURITY && p > majorityRate + 0.05)
        suspects.push({
          column: feature.name,
          score: p,
          reason: `alone predicts the class for ${pct(p)} of rows`,
        });
    }
  }
  return suspects.sort((a, b) => b.score - a.score);
}

/** The label part of a profile: inferred task, class balance, leakage suspects, and the findings they raise. */
export async function profileLabel(
  connection: Connection,
  columns: ColumnProfile[],
  labelColumn: string,
  rows: number,
): Promise<{ label: LabelProfile; findings: ProfileFinding[] }> {
  const label = columns.find((c) => c.name === labelColumn);
  if (!label) {
    throw new HttpError(
      400,
      "validation_error",
      `query.label_column: column "${labelColumn}" is not in the dataset.`,
      [
        {
          path: "query.label_column",
          message: `not a column (columns: ${columns.map((c) => c.name).join(", ")})`,
        },
      ],
    );
  }
  const { kind, reason } = inferKind(label);
  const findings: ProfileFinding[] = [];
  let classes: LabelProfile["classes"] = null;
  let imbalance: number | null = null;
  let majorityRate = 0;
  if (kind === "binary" || kind === "multiclass" || kind === null) {
    const present = rows - label.missing_count;
    const y = sqlIdent(label.name);
    const found = await duckRows(
      connection,
      `SELECT ${y}::VARCHAR AS v, count(*)::DOUBLE AS n FROM d WHERE ${y} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v LIMIT ${MAX_CLASSES}`,
    );
    classes = found.map((r) => ({
      value: String(r.v),
      count: Number(r.n),
      rate: Number(r.n) / Math.max(1, present),
    }));
    if (classes.length >= 2 && label.distinct_count <= MAX_CLASSES) {
      const most = classes[0];
      const least = classes[classes.length - 1];
      imbalance = most.count / least.count;
      majorityRate = most.rate;
      if (imbalance >= IMBALANCED) {
        findings.push({
          kind: "class_imbalance",
          column: label.name,
          severity: imbalance >= 10 ? "warning" : "info",
          message: `"${most.value}" has ${imbalance.toFixed(1)}× the rows of "${least.value}" (${most.count} vs ${least.count}).`,
        });
      }
      const rare = classes.filter((c) => c.count < 10);
      if (rare.length > 0) {
        findings.push({
          kind: "rare_classes",
          column: label.name,
          severity: "warning",
          message: `${rare.length} class(es) have fewer than 10 rows (${rare.map((c) => `"${c.value}": ${c.count}`).join(", ")}); cross-validation folds may miss them.`,
        });
      }
    }
  }
  const suspects = kind ? await leakageSuspects(connection, columns, label, kind, majorityRate, rows) : [];
  for (const s of suspects) {
    findings.push({
      kind: "leakage",
      column: s.column,
      severity: "warning",
      message: `"${s.column}" ${s.reason}: it may leak the label.`,
    });
  }
  return {
    label: {
      column: label.name,
      task_kind: kind,
      reason,
      missing_count: label.missing_count,
      classes,
      imbalance_ratio: imbalance,
      leakage_suspects: suspects,
    },
    findings,
  };
}
