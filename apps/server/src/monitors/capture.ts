import { cellValue, type Frame } from "@parzen/trainer";
import type { ServerContext } from "../context.js";
import { evaluateCaptured } from "./monitors.js";
import { addCapture, type capturingMonitors } from "./repository.js";

/** A deployment's monitor that captures its predictions. */
export type CapturingMonitor = Awaited<ReturnType<typeof capturingMonitors>>[number];

/** Rows wait at most this long in memory before they are written. */
const FLUSH_MS = 1_000;

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
 * Rows captured from predictions, kept in memory and written off the request path: within a second, or at once
 * when a monitor has a batch's worth waiting, in one insert per monitor; a monitor with a full batch is then
 * evaluated. Reads of monitors `flush` first, so this process's captures are always counted.
 */
class CaptureBuffer {
  private readonly waiting = new Map<
    string,
    { teamId: string; batchSize: number; rows: Record<string, unknown>[] }
  >();
  private writing: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;

  constructor(private readonly ctx: ServerContext) {}

  add(teamId: string, monitor: CapturingMonitor, rows: Record<string, unknown>[]): void {
    const entry = this.waiting.get(monitor.id) ?? { teamId, batchSize: monitor.batchSize, rows: [] };
    for (const row of rows) entry.rows.push(row);
    this.waiting.set(monitor.id, entry);
    if (entry.rows.length >= monitor.batchSize) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /** Writes (and evaluates) everything waiting; resolves when this and every earlier write is done. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiting.size === 0) return this.writing;
    const taken = [...this.waiting];
    this.waiting.clear();
    this.writing = this.writing.then(async () => {
      for (const [monitorId, { teamId, batchSize, rows }] of taken) {
        try {
          const waiting = await addCapture(this.ctx.db, monitorId, rows);
          if (waiting >= batchSize) await evaluateCaptured(this.ctx, teamId, monitorId);
        } catch {
          // The monitor was deleted meanwhile, or its evaluation failed: a prediction must not fail for it.
        }
      }
    });
    return this.writing;
  }
}

const buffers = new WeakMap<ServerContext, CaptureBuffer>();

/** The capture buffer of a server. */
export function captures(ctx: ServerContext): CaptureBuffer {
  let buffer = buffers.get(ctx);
  if (!buffer) {
    buffer = new CaptureBuffer(ctx);
    buffers.set(ctx, buffer);
  }
  return buffer;
}

/**
 * Feeds rows a deployment predicted to its monitors that capture predictions (opt-in per monitor): at most one
 * batch's worth per request is kept, and once a batch's worth is waiting it is evaluated. Nothing is written before
 * the answer goes out (see `CaptureBuffer`).
 */
export function captureRows(
  ctx: ServerContext,
  teamId: string,
  frame: Frame,
  capturing: CapturingMonitor[],
): void {
  const buffer = captures(ctx);
  for (const monitor of capturing)
    buffer.add(teamId, monitor, records(frame, monitor.columns, monitor.batchSize));
}
