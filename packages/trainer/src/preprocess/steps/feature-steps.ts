/**
 * Feature-engineering steps a caller asks for (an agentic run's accepted suggestions), fitted into the model's
 * preprocessing like the automatic steps, so predictions and ONNX exports apply them too.
 */
export type FeatureStep =
  /** Columns the model must not see (ID-like, leaking, or unwanted). */
  | { type: "drop"; columns: string[] }
  /** Signed log transform of skewed numeric columns. */
  | { type: "log"; columns: string[] }
  /** A new feature: one numeric column divided by another. */
  | { type: "ratio"; numerator: string; denominator: string }
  /** Median imputation with missing indicators, for every model family. */
  | { type: "impute" };

/** The columns each kind of requested step names, merged. */
export function requestedColumns(steps: readonly FeatureStep[] = []) {
  const drop = steps.flatMap((s) => (s.type === "drop" ? s.columns : []));
  const log = steps.flatMap((s) => (s.type === "log" ? s.columns : []));
  const ratios = steps.flatMap((s) =>
    s.type === "ratio" ? [{ numerator: s.numerator, denominator: s.denominator }] : [],
  );
  return { drop, log, ratios, impute: steps.some((s) => s.type === "impute") };
}
