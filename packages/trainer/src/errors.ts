/** A problem with the caller's data or request, with enough context (file, column, row) to fix it. */
export class TrainerInputError extends Error {
  override name = "TrainerInputError";
  constructor(
    message: string,
    /** Where the problem is, e.g. `{ column: "age", row: 17 }` or `{ path: "filter.filters[1].op" }`. */
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The run was stopped through its AbortSignal. */
export class TrainingCancelledError extends Error {
  override name = "TrainingCancelledError";
  constructor(message = "Training was cancelled.") {
    super(message);
  }
}
