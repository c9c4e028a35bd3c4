import { columnType } from "./columns.js";
import { type Connection, duckRows, sqlIdent, sqlString, withDuck } from "./duck.js";
import { profileLabel } from "./profile-label.js";
import type {
  ColumnProfile,
  DatasetProfile,
  LabelProfile,
  NumericSummary,
  ProfileFinding,
} from "./profile-types.js";
import { pct } from "./profile-types.js";

/** Rows profiled at most; a larger version is profiled on a seeded reservoir sample of this many rows. */
export const PROFILE_SAMPLE_ROWS = 1_000_000;
/** Most frequent values listed per text, category or boolean column. */
const TOP_VALUES = 10;
/** Values longer than this are cut in `top_values`, so one huge cell cannot bloat the profile. */
const MAX_VALUE_CHARS = 100;
/** A column missing in at least this share of rows is reported. */
const HIGH_MISSING_RATE = 0.3;
/** Skewness beyond which a numeric column is reported as skewed. */
const SKEWED = 1;
/** Share of rows outside the 1.5 × IQR fences from which outliers are reported. */
const OUTLIER_RATE = 0.01;

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/;
const ID_NAME = /(^|[_\s-])(id|uuid|guid|key)$|^id[_\s-]|Id$/i;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Loads the Parquet file into table `d` (sampled when large) and returns the full row count. */
async function load(
  connection: Connection,
  parquetPath: string,
): Promise<{ total: number; sampled: boolean }> {
  const source = `read_parquet(${sqlString(parquetPath)})`;
  const [{ n }] = await duckRows(connection, `SELECT count(*)::DOUBLE AS n FROM ${source}`);
  const total = Number(n);
  const sampled = total > PROFILE_SAMPLE_ROWS;
  const sample = sampled ? ` USING SAMPLE reservoir(${PROFILE_SAMPLE_ROWS} ROWS) REPEATABLE (42)` : "";
  await connection.run(`CREATE TABLE d AS SELECT * FROM ${source}${sample}`);
  return { total, sampled };
}

/** Counts, distinct values and numeric summaries of every column, in two passes over the table. */
async function describeColumns(connection: Connection, rows: number): Promise<ColumnProfile[]> {
  const described = await duckRows(connection, "DESCRIBE d");
  if (described.length === 0) return [];
  const columns = described.map((r) => ({ name: String(r.column_name), duck: String(r.column_type) }));
  const parts = columns.map(({ name, duck }, i) => {
    const c = sqlIdent(name);
    const base = [`count(${c})::DOUBLE AS k${i}`, `count(DISTINCT ${c})::DOUBLE AS u${i}`];
    if (NUMERIC.test(duck)) {
      const x = `${c}::DOUBLE`;
      base.push(
        `min(${x}) AS mn${i}`,
        `max(${x}) AS mx${i}`,
        `avg(${x}) AS av${i}`,
        `stddev_samp(${x}) AS sd${i}`,
        `quantile_cont(${x}, 0.25) AS qa${i}`,
        `quantile_cont(${x}, 0.5) AS qb${i}`,
        `quantile_cont(${x}, 0.75) AS qc${i}`,
        `skewness(${x}) AS sk${i}`,
        `count_if(${x} = 0)::DOUBLE AS z${i}`,
        `count_if(${x} < 0)::DOUBLE AS ng${i}`,
      );
    } else if (/^(DATE|TIMESTAMP.*)$/.test(duck)) {
      base.push(`min(${c})::VARCHAR AS dmin${i}`, `max(${c})::VARCHAR AS dmax${i}`);
    }
    return base.join(", ");
  });
  const [s] = await duckRows(connection, `SELECT ${parts.join(", ")} FROM d`);
  const profiles: ColumnProfile[] = columns.map(({ name, duck }, i) => {
    const present = Number(s[`k${i}`]);
    const distinct = Number(s[`u${i}`]);
    const type = columnType(duck, distinct, rows);
    const numeric: NumericSummary | null =
      NUMERIC.test(duck) && present > 0
        ? {
            min: Number(s[`mn${i}`]),
            max: Number(s[`mx${i}`]),
            mean: Number(s[`av${i}`]),
            std: num(s[`sd${i}`]),
            q1: Number(s[`qa${i}`]),
            median: Number(s[`qb${i}`]),
            q3: Number(s[`qc${i}`]),
            skewness: num(s[`sk${i}`]),
            zero_count: Number(s[`z${i}`]),
            negative_count: Number(s[`ng${i}`]),
            outlier_count: 0,
            outlier_rate: 0,
          }
        : null;
    const unique = present >= 20 && distinct === present;
    const sequential = numeric !== null && type === "int" && numeric.max - numeric.min + 1 <= 2 * present;
    return {
      name,
      type,
      missing_count: rows - present,
      missing_rate: rows === 0 ? 0 : (rows - present) / rows,
      distinct_count: distinct,
      distinct_rate: present === 0 ? 0 : distinct / present,
      constant: distinct <= 1,
      id_like:
        (unique && (type === "string" || sequential)) ||
        (ID_NAME.test(name) && type !== "float" && present > 0 && distinct / present >= 0.9 && present >= 20),
      numeric,
      top_values: null,
      datetime_range:
        s[`dmin${i}`] == null ? null : { min: String(s[`dmin${i}`]), max: String(s[`dmax${i}`]) },
    };
  });
  await countOutliers(connection, profiles, rows);
  for (const column of profiles) {
    if (["string", "category", "bool"].includes(column.type))
      column.top_values = await topValues(connection, column.name);
  }
  return profiles;
}

/** Fills each numeric column's count of values beyond the 1.5 × IQR fences, in one pass. */
async function countOutliers(connection: Connection, profiles: ColumnProfile[], rows: number): Promise<void> {
  const numeric = profiles.filter((p) => p.numeric && p.numeric.q3 > p.numeric.q1);
  if (numeric.length === 0) return;
  const parts = numeric.map((p, i) => {
    const { q1, q3 } = p.numeric as NumericSummary;
    const iqr = q3 - q1;
    const x = `${sqlIdent(p.name)}::DOUBLE`;
    return `count_if(${x} < ${q1 - 1.5 * iqr} OR ${x} > ${q3 + 1.5 * iqr})::DOUBLE AS o${i}`;
  });
  const [s] = await duckRows(connection, `SELECT ${parts.join(", ")} FROM d`);
  numeric.forEach((p, i) => {
    const summary = p.numeric as NumericSummary;
    summary.outlier_count = Number(s[`o${i}`]);
    summary.outlier_rate = summary.outlier_count / Math.max(1, rows - p.missing_count);
  });
}

/** The most frequent values of a column with their counts (ties broken by value, so the list is stable). */
async function topValues(connection: Connection, name: string): Promise<{ value: string; count: number }[]> {
  const c = sqlIdent(name);
  const found = await duckRows(
    connection,
    `SELECT left(${c}::VARCHAR, ${MAX_VALUE_CHARS}) AS v, count(*)::DOUBLE AS n FROM d WHERE ${c} IS NOT NULL
     GROUP BY 1 ORDER BY n DESC, v LIMIT ${TOP_VALUES}`,
  );
  return found.map((r) => ({ value: String(r.v), count: Number(r.n) }));
}

/** Findings about single columns and whole rows. */
function dataFindings(profile: Omit<DatasetProfile, "findings" | "label">): ProfileFinding[] {
  const out: ProfileFinding[] = [];
  if (profile.duplicate_row_count > 0) {
    out.push({
      kind: "duplicates",
      column: null,
      severity: "warning",
      message: `${profile.duplicate_row_count} rows (${pct(profile.duplicate_row_rate)}) repeat an earlier row exactly.`,
    });
  }
  for (const c of profile.columns) {
    if (c.constant) {
      const only = c.top_values?.[0]?.value ?? (c.numeric ? String(c.numeric.min) : "missing");
      out.push({
        kind: "constant",
        column: c.name,
        severity: "warning",
        message: `"${c.name}" holds one value (${only}) in every row: it carries no information.`,
      });
      continue;
    }
    if (c.id_like)
      out.push({
        kind: "id_like",
        column: c.name,
        severity: "warning",
        message: `"${c.name}" looks like an identifier (${pct(c.distinct_rate)} distinct): models would memorise it.`,
      });
    if (c.missing_rate >= HIGH_MISSING_RATE)
      out.push({
        kind: "high_missing",
        column: c.name,
        severity: "warning",
        message: `"${c.name}" is missing in ${pct(c.missing_rate)} of rows.`,
      });
    const n = c.numeric;
    if (n && !c.id_like && c.distinct_count >= 10 && n.skewness !== null && Math.abs(n.skewness) >= SKEWED) {
      const side = n.skewness > 0 ? "right" : "left";
      const hint = n.skewness > 0 && n.min >= 0 ? "; a log transform would even it out" : "";
      out.push({
        kind: "skewed",
        column: c.name,
        severity: "info",
        message: `"${c.name}" is ${side}-skewed (skewness ${n.skewness.toFixed(2)})${hint}.`,
      });
    }
    if (n && !c.id_like && n.outlier_rate >= OUTLIER_RATE)
      out.push({
        kind: "outliers",
        column: c.name,
        severity: "info",
        message: `"${c.name}" has ${n.outlier_count} values (${pct(n.outlier_rate)}) beyond 1.5 × IQR of the quartiles.`,
      });
  }
  return out;
}

/**
 * Profiles a Parquet dataset version: per-column types, missing and distinct counts, constant and ID-like columns,
 * numeric summaries with outliers, frequent values, duplicate rows; with `labelColumn`, also the task it implies,
 * the class balance and columns suspected of leaking the label. Versions above `PROFILE_SAMPLE_ROWS` rows are
 * profiled on a seeded sample (`sampled: true`), which bounds the work of any request.
 */
export async function profileParquet(
  parquetPath: string,
  options: { labelColumn?: string } = {},
): Promise<DatasetProfile> {
  return withDuck(async (connection) => {
    const { total, sampled } = await load(connection, parquetPath);
    const profiled = Math.min(total, PROFILE_SAMPLE_ROWS);
    const columns = await describeColumns(connection, profiled);
    const [{ distinct }] = await duckRows(
      connection,
      "SELECT count(*)::DOUBLE AS distinct FROM (SELECT DISTINCT * FROM d)",
    );
    const duplicates = columns.length === 0 ? 0 : profiled - Number(distinct);
    const base = {
      row_count: total,
      column_count: columns.length,
      profiled_rows: profiled,
      sampled,
      duplicate_row_count: duplicates,
      duplicate_row_rate: profiled === 0 ? 0 : duplicates / profiled,
      columns,
    };
    const findings = dataFindings(base);
    let label: LabelProfile | null = null;
    if (options.labelColumn !== undefined) {
      const result = await profileLabel(connection, columns, options.labelColumn, profiled);
      label = result.label;
      findings.push(...result.findings);
    }
    return { ...base, label, findings };
  });
}
