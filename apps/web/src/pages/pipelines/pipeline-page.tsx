import type { PipelineExecution } from "@parzen/client";
import { type FormEvent, useState } from "react";
import { useParams } from "react-router";
import { ErrorBox, Loading, StatusBadge, when } from "../../components/status.js";
import { useLoad, usePolling } from "../../components/use-load.js";
import { useClient } from "../../session/session-context.js";
import { PipelineGraph } from "./pipeline-graph.js";

interface BlockProgress {
  type?: string;
  status?: string;
  output?: Record<string, unknown>;
}

/** A block's output summary in a few words: `rows 344 · columns 7`. */
function described(output: Record<string, unknown> | undefined): string {
  if (!output) return "";
  return Object.entries(output)
    .filter(([, v]) => typeof v !== "object" || Array.isArray(v))
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.length : String(v)}`)
    .join(" · ");
}

/** An execution's steps: each block's status and what it produced, from the execution's progress data. */
function Steps({ execution }: { execution: PipelineExecution }) {
  const blocks = (execution.progress_data as { blocks?: Record<string, BlockProgress> }).blocks ?? {};
  const entries = Object.entries(blocks);
  if (entries.length === 0) return <p className="muted">No step has started.</p>;
  return (
    <ol className="steps">
      {entries.map(([id, step]) => (
        <li key={id}>
          <code>{id}</code> <span className="muted">{step.type}</span>{" "}
          <StatusBadge status={step.status ?? "pending"} />{" "}
          <span className="muted">{described(step.output)}</span>
        </li>
      ))}
    </ol>
  );
}

/** Runs the shown version with an input given as JSON. */
function RunForm({ versionId, onDone }: { versionId: string; onDone(): void }) {
  const client = useClient();
  const [input, setInput] = useState("{}");
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const pipelineInput = JSON.parse(input) as Record<string, unknown>;
      await client.pipelineExecutions.create({
        pipeline_configuration_version_id: versionId,
        pipeline_input: pipelineInput,
        pipeline_input_summary: "from the console",
      });
      onDone();
    } catch (e) {
      setError(e instanceof SyntaxError ? new Error("The input is not valid JSON.") : e);
    }
  };
  return (
    <form className="card inline-form" onSubmit={submit} aria-labelledby="run-pipeline-title">
      <h2 id="run-pipeline-title">Run this version</h2>
      <label>
        Input (JSON)
        <textarea rows={2} value={input} onChange={(e) => setInput(e.target.value)} />
      </label>
      <button type="submit">Run</button>
      <ErrorBox error={error} />
    </form>
  );
}

/** A pipeline: its versions, the chosen version drawn as a graph, and its executions with their steps. */
export function PipelinePage() {
  const { id = "" } = useParams();
  const pipeline = useLoad((c, signal) => c.pipelines.retrieve(id, { signal }), [id]);
  const versions = useLoad(
    (c, signal) => c.pipelineConfigurationVersions.list({ pipeline_ids: [id], page_size: 100 }, { signal }),
    [id],
  );
  const executions = useLoad(
    (c, signal) =>
      c.pipelineExecutions.list({ pipeline_ids: [id], page_size: 50, order_direction: "desc" }, { signal }),
    [id],
  );
  const [chosen, setChosen] = useState<string>();
  const all = versions.data?.items ?? [];
  const version = all.find((v) => v.id === chosen) ?? all.at(-1);
  const live = (executions.data?.items ?? []).some((e) =>
    ["pending", "queued", "running"].includes(e.status),
  );
  usePolling(live, 1000, executions.reload);
  return (
    <Loading loaded={pipeline}>
      {(p) => (
        <>
          <h1>{p.name}</h1>
          {p.description && <p>{p.description}</p>}
          {version ? (
            <>
              <label className="inline-select">
                Version
                <select value={version.id} onChange={(e) => setChosen(e.target.value)}>
                  {all.map((v) => (
                    <option key={v.id} value={v.id}>
                      {v.version_number} ({v.status})
                    </option>
                  ))}
                </select>
              </label>
              <PipelineGraph configuration={version.configuration} />
              {version.status === "published" && (
                <RunForm versionId={version.id} onDone={executions.reload} />
              )}
            </>
          ) : (
            <p className="muted">No configuration version yet.</p>
          )}
          <section aria-labelledby="executions-title">
            <h2 id="executions-title">Executions</h2>
            <Loading loaded={executions}>
              {(page) =>
                page.items.length === 0 ? (
                  <p className="muted">No executions yet.</p>
                ) : (
                  <ul className="list executions">
                    {page.items.map((e) => (
                      <li key={e.id}>
                        <StatusBadge status={e.status} /> {e.pipeline_input_summary} · {when(e.created_at)}
                        {e.error && <span className="error"> {e.error.message}</span>}
                        <Steps execution={e} />
                      </li>
                    ))}
                  </ul>
                )
              }
            </Loading>
          </section>
        </>
      )}
    </Loading>
  );
}
