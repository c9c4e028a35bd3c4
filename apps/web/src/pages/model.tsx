import type { Model } from "@parzen/client";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { VegaChart } from "../components/chart.js";
import { LineageView } from "../components/dag-view.js";
import { PredictForm } from "../components/predict-form.js";
import { ErrorBox, Loading, num, when } from "../components/status.js";
import { useLoad } from "../components/use-load.js";
import { useClient } from "../session/session-context.js";

/** Saves bytes as a file through a temporary link. */
function saveBytes(bytes: Uint8Array, name: string, type: string) {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Feature importance from the model's newest report (made on request), the report's own Vega-Lite spec. */
function Importance({ model }: { model: Model }) {
  const client = useClient();
  const reports = useLoad(
    (c, signal) => c.reports.list({ model_id: model.id, page_size: 1 }, { signal }),
    [model.id],
  );
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const chart = reports.data?.items[0]?.charts.find((c) => c.section === "feature_importance");
  return (
    <section aria-labelledby="importance-title">
      <h2 id="importance-title">Feature importance</h2>
      {chart ? (
        <VegaChart spec={chart.vega_lite} title={chart.title} />
      ) : (
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await client.reports.create({ model_id: model.id, title: `${model.name} report` });
              reports.reload();
            } catch (e) {
              setError(e);
            }
            setBusy(false);
          }}
        >
          {busy ? "Computing…" : "Compute (makes a report)"}
        </button>
      )}
      <ErrorBox error={error} />
    </section>
  );
}

/** Deploys the model under a name. */
function DeployForm({ model }: { model: Model }) {
  const client = useClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const deployment = await client.deployments.create({ name: name.trim(), model_id: model.id });
      navigate(`/deployments/${deployment.id}`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="card inline-form" onSubmit={submit} aria-labelledby="deploy-title">
      <h2 id="deploy-title">Deploy</h2>
      <label>
        Deployment name
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="submit">Deploy</button>
      <ErrorBox error={error} />
    </form>
  );
}

/** One model: scores, parameters, feature importance, the preprocessing DAG, ONNX, a prediction form, deploy. */
export function ModelPage() {
  const { id = "" } = useParams();
  const client = useClient();
  const model = useLoad((c, signal) => c.models.retrieve(id, { signal }), [id]);
  const [error, setError] = useState<unknown>();
  return (
    <Loading loaded={model}>
      {(m) => (
        <>
          <h1>{m.name}</h1>
          <p>
            {m.kind} model · {String(m.task.kind)} on <code>{String(m.task.label_column)}</code> ·{" "}
            {when(m.created_at)}
            {m.dataset_id && (
              <>
                {" "}
                · <Link to={`/datasets/${m.dataset_id}`}>dataset</Link>
              </>
            )}
          </p>
          <button
            type="button"
            className="secondary"
            onClick={() =>
              client.models
                .downloadOnnx(m.id)
                .then((bytes) => saveBytes(bytes, `${m.name}.onnx`, "application/octet-stream"))
                .catch(setError)
            }
          >
            Download ONNX
          </button>
          <ErrorBox error={error} />
          <section aria-labelledby="scores-title">
            <h2 id="scores-title">Cross-validated scores</h2>
            <dl className="scores">
              {Object.entries(m.scores).map(([metric, value]) => (
                <div key={metric}>
                  <dt>{metric}</dt>
                  <dd>{num(value)}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section aria-labelledby="params-title">
            <h2 id="params-title">Parameters</h2>
            <pre className="json">{JSON.stringify(m.params, null, 2)}</pre>
          </section>
          <Importance model={m} />
          <section aria-labelledby="dag-title">
            <h2 id="dag-title">Preprocessing</h2>
            <LineageView lineage={m.lineage as never} title="From input columns to model features" />
          </section>
          <PredictForm columns={m.input_columns} predict={(row) => client.models.predict(m.id, [row])} />
          <DeployForm model={m} />
        </>
      )}
    </Loading>
  );
}
