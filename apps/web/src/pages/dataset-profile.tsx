import type { DatasetProfile } from "@parzen/client";
import { num } from "../components/status.js";

/** The data profile: findings first, then one row per column. */
export function ProfileView({ profile }: { profile: DatasetProfile }) {
  return (
    <section aria-labelledby="profile-title">
      <h2 id="profile-title">Data profile</h2>
      <p>
        {num(profile.row_count)} rows × {profile.column_count} columns
        {profile.sampled ? ` (profiled on ${num(profile.profiled_rows)} sampled rows)` : ""};{" "}
        {num(profile.duplicate_row_count)} duplicate rows.
      </p>
      {profile.findings.length > 0 && (
        <ul className="findings">
          {profile.findings.map((f) => (
            <li key={`${f.kind}-${f.column ?? ""}`} className={`finding-${f.severity}`}>
              <strong>{f.severity}</strong> {f.message}
            </li>
          ))}
        </ul>
      )}
      <div className="table-wrap">
        <table>
          <caption>Columns</caption>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Missing</th>
              <th scope="col">Distinct</th>
              <th scope="col">Summary</th>
            </tr>
          </thead>
          <tbody>
            {profile.columns.map((c) => (
              <tr key={c.name}>
                <th scope="row">{c.name}</th>
                <td>{c.type}</td>
                <td>{(c.missing_rate * 100).toFixed(1)}%</td>
                <td>{num(c.distinct_count)}</td>
                <td>{summary(c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function summary(column: DatasetProfile["columns"][number]): string {
  const n = column.numeric as Record<string, number> | null;
  if (n) return `min ${num(n.min)} · mean ${num(n.mean)} · max ${num(n.max)}`;
  if (column.top_values)
    return column.top_values
      .slice(0, 4)
      .map((t) => `${t.value} (${t.count})`)
      .join(", ");
  if (column.datetime_range) return `${column.datetime_range.min} – ${column.datetime_range.max}`;
  return "";
}
