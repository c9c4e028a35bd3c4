import type { ReactNode } from "react";
import type { Loaded } from "./use-load.js";

/** An error as a short alert that screen readers announce. */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}

/** Shows a load's error or a loading note, else its content. */
export function Loading<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  if (loaded.error) return <ErrorBox error={loaded.error} />;
  if (loaded.data === undefined)
    return (
      <p className="muted" aria-live="polite">
        Loading…
      </p>
    );
  return <>{children(loaded.data)}</>;
}

/** A labelled progress bar (0–1). */
export function ProgressBar({ value, label }: { value: number; label: string }) {
  const percent = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div className="progress">
      <progress max={100} value={percent} aria-label={label} />
      <span>{percent}%</span>
    </div>
  );
}

/** A colored status word. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge badge-${status.replace(/[^a-z_]/g, "")}`}>{status.replaceAll("_", " ")}</span>
  );
}

/** Formats a number for tables: at most 4 decimals, none for integers. */
export function num(value: unknown): string {
  if (typeof value !== "number" || !Number.isFinite(value))
    return value === null || value === undefined ? "–" : String(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

/** A date and time in the reader's locale. */
export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : "–";
}
