import { cellValue, type Frame } from "@parzen/trainer";
import type { ServerContext } from "../context.js";
import { evaluateCaptured } from "./monitors.js";
import { addCapture, capturingMonitors } from "./repository.js";

/** A frame's rows as JSON records of the given columns (datetimes as epoch milliseconds). */
function records(frame: Frame, columns: string[], limit: number): Record<string, unknown>[] {
  const present = columns.filter((c) => frame.has(c)).map((c) => frame.column(c));
  const n = Math.min(frame.nRows, limit);
  return Array.from({ length: n }, (_, r) =>
    Object.fromEntries(
      present.map((col) => {
        const v = cellValue(col, r);
        return [col.name, v instanceof Date ? v.getTime() : v];
      }),
    ),
  );
}

/**
 * Feeds rows a deployment predicted to its monitors that capture predictions (opt-in per monitor): at most one
 * batch's worth per request is kept, and once a batch's worth is waiting it is evaluated. `capturing` saves the
 * lookup when the caller knows the monitors (a cached serving plan).
 */
export async function captureRows(
  ctx: ServerContext,
  teamId: string,
  deploymentId: string,
  frame: Frame,
  capturing?: Awaited<ReturnType<typeof capturingMonitors>>,
): Promise<void> {
  const monitors = capturing ?? (await capturingMonitors(ctx.db, deploymentId));
  for (const monitor of monitors) {
    const waiting = await addCapture(ctx.db, monitor.id, records(frame, monitor.columns, monitor.batchSize));
    if (waiting >= monitor.batchSize) await evaluateCaptured(ctx, teamId, monitor.id);
  }
}
