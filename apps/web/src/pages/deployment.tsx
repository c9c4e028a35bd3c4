import { type FormEvent, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { PredictForm } from "../components/predict-form.js";
import { ErrorBox, Loading, when } from "../components/status.js";
import { useLoad } from "../components/use-load.js";
import { useClient } from "../session/session-context.js";

/** Switches the deployment to another model (with a reason), or rolls back. */
function SwitchForm({
  deploymentId,
  current,
  onDone,
}: {
  deploymentId: string;
  current: string;
  onDone(): void;
}) {
  const client = useClient();
  const models = useLoad((c, signal) => c.models.list({ page_size: 100 }, { signal }), []);
  const [modelId, setModelId] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await client.deployments.switchModel(deploymentId, { model_id: modelId, reason: reason || undefined });
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="switch-title">
      <h2 id="switch-title">Switch model</h2>
      <div className="fields">
        <label>
          Model
          <select required value={modelId} onChange={(e) => setModelId(e.target.value)}>
            <option value="">Choose…</option>
            {models.data?.items
              .filter((m) => m.id !== current)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({m.metric} {m.scores[m.metric]?.toFixed(4)})
                </option>
              ))}
          </select>
        </label>
        <label>
          Reason
          <input value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      </div>
      <button type="submit">Switch</button>{" "}
      <button
        type="button"
        className="secondary"
        onClick={() => client.deployments.rollback(deploymentId).then(onDone, setError)}
      >
        Roll back
      </button>
      <ErrorBox error={error} />
    </form>
  );
}

/** One deployment: the model it serves, a prediction form, switching, history, and its monitor and report. */
export function DeploymentPage() {
  const { id = "" } = useParams();
  const client = useClient();
  const navigate = useNavigate();
  const deployment = useLoad((c, signal) => c.deployments.retrieve(id, { signal }), [id]);
  const modelId = deployment.data?.model_id;
  const model = useLoad(
    (c, signal) => (modelId ? c.models.retrieve(modelId, { signal }) : Promise.resolve(undefined)),
    [modelId],
  );
  const history = useLoad((c, signal) => c.deployments.history(id, {}, { signal }), [id, modelId]);
  const [error, setError] = useState<unknown>();
  const act = (run: () => Promise<string>) => run().then(navigate, setError);
  return (
    <Loading loaded={deployment}>
      {(d) => (
        <>
          <h1>{d.name}</h1>
          <p>
            Serves <Link to={`/models/${d.model_id}`}>{model.data?.name ?? d.model_id}</Link> (version{" "}
            {d.version})
          </p>
          <div className="actions">
            <button
              type="button"
              onClick={() =>
                act(async () => `/monitors/${(await d.createMonitor({ name: `${d.name} drift` })).id}`)
              }
            >
              Monitor drift
            </button>
            <button
              type="button"
              onClick={() =>
                act(async () => `/reports/${(await d.createReport({ title: `${d.name} report` })).id}`)
              }
            >
              Make a report
            </button>
          </div>
          <ErrorBox error={error} />
          {model.data && (
            <PredictForm
              key={model.data.id}
              columns={model.data.input_columns}
              predict={(row) => client.deployments.predict(d.id, [row])}
            />
          )}
          <SwitchForm deploymentId={d.id} current={d.model_id} onDone={deployment.reload} />
          <section aria-labelledby="history-title">
            <h2 id="history-title">History</h2>
            <Loading loaded={history}>
              {(page) => (
                <ul className="list">
                  {page.items.map((h) => (
                    <li key={`${h.version}`}>
                      Version {h.version}: <Link to={`/models/${h.model_id}`}>{h.model_id.slice(0, 8)}</Link>{" "}
                      {h.action} {when(h.created_at)} {h.reason ? `— ${h.reason}` : ""}
                    </li>
                  ))}
                </ul>
              )}
            </Loading>
          </section>
        </>
      )}
    </Loading>
  );
}
