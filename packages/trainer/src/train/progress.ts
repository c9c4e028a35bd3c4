/** A progress report from a training run, for progress bars and job status. */
export interface ProgressEvent {
  phase: "prepare" | "cv" | "refit" | "done";
  /** The model family being fitted, if any. */
  model?: string;
  /** 0-based number of the trial just finished, and trials per family. */
  trial?: number;
  trials?: number;
  /** Fits finished so far and planned in all. */
  step: number;
  totalSteps: number;
  /** Best CV score so far (selection metric). */
  bestScore?: number;
  elapsedMs: number;
  message: string;
}
