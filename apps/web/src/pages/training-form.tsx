import type { TrainerRunRequest } from "@parzen/client";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { ErrorBox } from "../components/status.js";
import { useLoad } from "../components/use-load.js";
import { useClient } from "../session/session-context.js";

const FAMILIES = ["gbdt", "random_forest", "extra_trees", "linear", "mlp", "tabm"];
const METRICS = ["auc", "logloss", "accuracy", "f1", "rmse", "mae", "r2"];

/** Parses an optional JSON field; `what` names it in the error. */
function json<T>(text: string, what: string): T | null {
  if (!text.trim()) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${what} is not valid JSON.`);
  }
}

/** Every field of `POST /v1/trainer/run`, then off to the run's live page. */
export function TrainingForm({ initialDataset }: { initialDataset?: string }) {
  const client = useClient();
  const navigate = useNavigate();
  const [datasetId, setDatasetId] = useState(initialDataset ?? "");
  const [form, setForm] = useState({
    versionId: "",
    label: "",
    taskKind: "",
    families: [] as string[],
    metrics: "",
    strategy: "optuna",
    trials: 4,
    splits: "5",
    ensemble: false,
    gridSize: "",
    filter: "",
    teacherModel: "",
    teacherUrl: "",
    teacherHeaders: "",
    seed: 42,
  });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const datasets = useLoad((c, signal) => c.datasets.list({ page_size: 100 }, { signal }), []);
  const versions = useLoad(
    (c, signal) =>
      datasetId
        ? c.datasets.listDataVersions(datasetId, { page_size: 50 }, { signal })
        : Promise.resolve(undefined),
    [datasetId],
  );
  const models = useLoad((c, signal) => c.models.list({ page_size: 100 }, { signal }), []);
  const columns = versions.data?.items[0]?.columns ?? [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const metrics = form.metrics
        .split(",")
        .map((m) => m.trim())
        .filter(Boolean);
      const body: TrainerRunRequest = {
        dataset_id: datasetId,
        dataset_version_id: form.versionId || null,
        task: {
          label_column: form.label,
          ...(form.taskKind ? { task_kind: form.taskKind as "regression" | "binary" | "multiclass" } : {}),
        },
        model_types: form.families.length ? form.families : null,
        metrics: metrics.length ? metrics : null,
        strategy: form.strategy as "optuna" | "tpe" | "random",
        n_trials: form.trials,
        n_splits: form.splits === "holdout" ? null : Number(form.splits),
        ensemble: form.ensemble,
        grid_size: form.gridSize ? Number(form.gridSize) : null,
        filter: json(form.filter, "Filter"),
        teacher_model_id: form.teacherModel || null,
        teacher_predict_url: form.teacherUrl.trim() || null,
        teacher_predict_headers: json(form.teacherHeaders, "Teacher headers"),
        random_state: form.seed,
      };
      const accepted = await client.trainer.run(body);
      navigate(`/training/${accepted.job_id}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="train-title">
      <h2 id="train-title">Start training</h2>
      <div className="fields">
        <label>
          Dataset
          <select required value={datasetId} onChange={(e) => setDatasetId(e.target.value)}>
            <option value="">Choose…</option>
            {datasets.data?.items.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Version
          <select value={form.versionId} onChange={(e) => set({ versionId: e.target.value })}>
            <option value="">Current</option>
            {versions.data?.items.map((v) => (
              <option key={v.id} value={v.id}>
                Version {v.version_no}
              </option>
            ))}
          </select>
        </label>
        <label>
          Label column
          <select required value={form.label} onChange={(e) => set({ label: e.target.value })}>
            <option value="">Choose…</option>
            {columns.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Task
          <select value={form.taskKind} onChange={(e) => set({ taskKind: e.target.value })}>
            <option value="">Inferred from the label</option>
            <option value="binary">binary</option>
            <option value="multiclass">multiclass</option>
            <option value="regression">regression</option>
          </select>
        </label>
        <label>
          Metrics (comma-separated, the first selects)
          <input
            list="metric-names"
            value={form.metrics}
            onChange={(e) => set({ metrics: e.target.value })}
            placeholder="default for the task"
          />
          <datalist id="metric-names">
            {METRICS.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </label>
        <label>
          Search strategy
          <select value={form.strategy} onChange={(e) => set({ strategy: e.target.value })}>
            <option value="optuna">optuna (TPE)</option>
            <option value="tpe">tpe</option>
            <option value="random">random</option>
          </select>
        </label>
        <label>
          Trials per family
          <input
            type="number"
            min={1}
            max={1000}
            value={form.trials}
            onChange={(e) => set({ trials: Number(e.target.value) })}
          />
        </label>
        <label>
          Folds
          <select value={form.splits} onChange={(e) => set({ splits: e.target.value })}>
            <option value="holdout">holdout (20%)</option>
            {[2, 3, 5, 10].map((k) => (
              <option key={k} value={String(k)}>
                {k}-fold
              </option>
            ))}
          </select>
        </label>
        <label>
          Pareto grid size (0–1, with two metrics)
          <input
            type="number"
            step="0.05"
            min={0}
            max={1}
            value={form.gridSize}
            onChange={(e) => set({ gridSize: e.target.value })}
          />
        </label>
        <label>
          Random seed
          <input type="number" value={form.seed} onChange={(e) => set({ seed: Number(e.target.value) })} />
        </label>
      </div>
      <fieldset>
        <legend>Model families (none: chosen from the data)</legend>
        {FAMILIES.map((f) => (
          <label key={f} className="inline">
            <input
              type="checkbox"
              checked={form.families.includes(f)}
              onChange={(e) =>
                set({
                  families: e.target.checked ? [...form.families, f] : form.families.filter((x) => x !== f),
                })
              }
            />
            {f}
          </label>
        ))}
        <label className="inline">
          <input
            type="checkbox"
            checked={form.ensemble}
            onChange={(e) => set({ ensemble: e.target.checked })}
          />
          Caruana ensemble of all trials
        </label>
      </fieldset>
      <details>
        <summary>Filter and distillation</summary>
        <div className="fields">
          <label>
            Row filter (JSON)
            <textarea
              rows={3}
              value={form.filter}
              onChange={(e) => set({ filter: e.target.value })}
              placeholder='{"kind":"cmp","col":"age","op":">=","value":18}'
            />
          </label>
          <label>
            Teacher model
            <select value={form.teacherModel} onChange={(e) => set({ teacherModel: e.target.value })}>
              <option value="">None</option>
              {models.data?.items.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Teacher prediction URL
            <input type="url" value={form.teacherUrl} onChange={(e) => set({ teacherUrl: e.target.value })} />
          </label>
          <label>
            Teacher headers (JSON)
            <textarea
              rows={2}
              value={form.teacherHeaders}
              onChange={(e) => set({ teacherHeaders: e.target.value })}
            />
          </label>
        </div>
      </details>
      <button type="submit" disabled={busy || !datasetId || !form.label}>
        {busy ? "Starting…" : "Train"}
      </button>
      <ErrorBox error={error} />
    </form>
  );
}
