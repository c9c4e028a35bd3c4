import type { PredictResponse } from "@parzen/client";
import { type FormEvent, useId, useState } from "react";
import { ErrorBox, num } from "./status.js";

/** A value as typed: numbers become numbers, an empty field is missing. */
function parse(text: string): string | number | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

/** A form with one field per input column; submits one row and shows the prediction and class probabilities. */
export function PredictForm({
  columns,
  predict,
  initial,
}: {
  columns: string[];
  predict: (row: Record<string, unknown>) => Promise<PredictResponse>;
  initial?: Record<string, string>;
}) {
  const id = useId();
  const [values, setValues] = useState<Record<string, string>>(initial ?? {});
  const [answer, setAnswer] = useState<PredictResponse>();
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      setAnswer(await predict(Object.fromEntries(columns.map((c) => [c, parse(values[c] ?? "")]))));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Try a prediction</h2>
      <div className="fields">
        {columns.map((c) => (
          <label key={c}>
            {c}
            <input
              name={c}
              value={values[c] ?? ""}
              onChange={(e) => setValues((v) => ({ ...v, [c]: e.target.value }))}
            />
          </label>
        ))}
      </div>
      <button type="submit">Predict</button>
      <ErrorBox error={error} />
      {answer && (
        <output className="prediction" aria-live="polite">
          Prediction: <strong data-testid="prediction">{String(answer.predictions[0])}</strong>
          {answer.classes && answer.probabilities?.[0] && (
            <span className="muted">
              {" "}
              ({answer.classes.map((c, i) => `${c}: ${num(answer.probabilities?.[0][i])}`).join(", ")})
            </span>
          )}
        </output>
      )}
    </form>
  );
}
