import type { AgenticPhaseList } from "@parzen/client";
import { StatusBadge, when } from "../../components/status.js";

/** The run's phases in order with their status and times; the current one is marked. */
export function Timeline({ phases, current }: { phases: AgenticPhaseList["items"]; current: string | null }) {
  return (
    <ol className="timeline" aria-label="Phases">
      {phases.map((p) => (
        <li
          key={p.phase}
          className={`phase phase-${p.status}`}
          aria-current={p.phase === current ? "step" : undefined}
        >
          <span className="phase-name">{p.phase.replaceAll("_", " ")}</span> <StatusBadge status={p.status} />
          {p.started_at && (
            <span className="muted">
              {" "}
              {when(p.started_at)}
              {p.finished_at ? ` → ${new Date(p.finished_at).toLocaleTimeString()}` : ""}
            </span>
          )}
          {typeof p.result?.summary === "string" && <p className="phase-summary">{p.result.summary}</p>}
          {p.error && <p className="error">{p.error.message}</p>}
        </li>
      ))}
    </ol>
  );
}
