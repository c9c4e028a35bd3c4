import type { MonitorBatch } from "@parzen/client";
import Papa from "papaparse";
import { type FormEvent, useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { VegaChart } from "../components/chart.js";
import { ErrorBox, Loading, num, when } from "../components/status.js";
import { useLoad } from "../components/use-load.js";
import { useClient } from "../session/session-context.js";
import { driftOverTime } from "./monitor-charts.js";

/** Rows from a CSV file (header row, numbers typed) or a JSON array of records. */
async function readRows(file: File): Promise<Record<string, unknown>[]> {
  const text = await file.text();
  if (/^\s*\[/.test(text)) return JSON.parse(text) as Record<string, unknown>[];
  const parsed = Papa.parse<Record<string, unknown>>(text, {
    header: true,
    dynamicTyping: true,
    skipEmptyLines: true,
  });
  if (parsed.errors.length > 0) throw new Error(`Row ${parsed.errors[0].row}: ${parsed.errors[0].message}`);
  return parsed.data;
}

/** Sends a batch of new rows to be checked for drift. */
function BatchForm({ monitorId, onDone }: { monitorId: string; onDone(): void }) {
  const client = useClient();
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      await client.monitors.submitBatch(monitorId, await readRows(file));
      onDone();
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };
  return (
    <form className="card inline-form" onSubmit={submit} aria-labelledby="batch-title">
      <h2 id="batch-title">Check a batch</h2>
      <label>
        Rows (CSV or JSON)
        <input type="file" accept=".csv,.json" required onChange={(e) => setFile(e.target.files?.[0])} />
      </label>
      <button type="submit" disabled={!file || busy}>
        {busy ? "Checking…" : "Check for drift"}
      </button>
      <ErrorBox error={error} />
    </form>
  );
}

function Alerts({ batches }: { batches: MonitorBatch[] }) {
  const alerts = batches.flatMap((b) =>
    b.alerts.map((a, i) => ({ ...a, key: `${b.id}-${i}`, at: b.created_at })),
  );
  return (
    <section aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      {alerts.length === 0 ? (
        <p className="muted">No alerts.</p>
      ) : (
        <ul className="alerts">
          {alerts.map((a) => (
            <li key={a.key} className="alert">
              <strong>{a.kind}</strong> {a.message} <span className="muted">{when(a.at)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One monitor: its features, drift per feature over its batches, alerts, and a form for a new batch. */
export function MonitorPage() {
  const { id = "" } = useParams();
  const monitor = useLoad((c, signal) => c.monitors.retrieve(id, { signal }), [id]);
  const batches = useLoad((c, signal) => c.monitors.batches(id, { page_size: 100 }, { signal }), [id]);
  const ordered = useMemo(() => [...(batches.data?.items ?? [])].reverse(), [batches.data]);
  const chart = useMemo(() => driftOverTime(ordered), [ordered]);
  const reload = () => {
    monitor.reload();
    batches.reload();
  };
  return (
    <Loading loaded={monitor}>
      {(m) => (
        <>
          <h1>{m.name}</h1>
          <p>
            Watches <Link to={`/deployments/${m.deployment_id}`}>its deployment</Link> against{" "}
            {num(m.reference_rows)} reference rows · {m.batch_count} batches · {m.alert_count} alerts
          </p>
          <BatchForm monitorId={m.id} onDone={reload} />
          <Alerts batches={ordered} />
          {chart && <VegaChart spec={chart} title="Drift per feature over time" />}
          <div className="table-wrap">
            <table>
              <caption>Features watched</caption>
              <thead>
                <tr>
                  <th scope="col">Feature</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Statistic</th>
                  <th scope="col">Threshold</th>
                  <th scope="col">Last value</th>
                </tr>
              </thead>
              <tbody>
                {m.features.map((f) => {
                  const last = ordered.at(-1)?.drift.find((d) => d.column === f.column);
                  return (
                    <tr key={f.column} className={last?.drifted ? "drifted" : undefined}>
                      <th scope="row">{f.column}</th>
                      <td>{f.kind}</td>
                      <td>{f.statistic}</td>
                      <td>{num(f.threshold)}</td>
                      <td>{last ? `${num(last.value)}${last.drifted ? " (drifted)" : ""}` : "–"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Loading>
  );
}
