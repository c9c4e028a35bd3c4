import type { AgenticDecision, AgenticDecisionSubmit, AgenticOption } from "@parzen/client";
import { type FormEvent, useId, useState } from "react";
import { ErrorBox } from "../../components/status.js";

/** The settings an option carries that a person may edit before choosing it (report and monitoring settings). */
const SETTINGS_FIELD = {
  report_creation: "report_config",
  monitoring_creation: "monitoring_config",
} as const;

/** The options checked at first: the recommended ones (and, for features, the safe ones). */
function initialChecks(decision: AgenticDecision): Set<number> {
  return new Set(decision.options.filter((o) => o.recommended || o.safe === true).map((o) => o.index));
}

/** One option's text: what it does and why, with the recommendation marked. */
function OptionText({ option }: { option: AgenticOption }) {
  return (
    <span className="option-text">
      <strong>{option.label}</strong>
      {option.recommended && <span className="badge badge-completed">recommended</span>}
      {option.safe === true && <span className="badge">safe</span>}
      <span className="option-description">{option.description}</span>
      <span className="muted option-reason">Why: {option.reason}</span>
    </span>
  );
}

/**
 * The pending decision as a form built from its options: one choice (radio buttons) or several (checkboxes: the
 * feature suggestions to apply, the rest skipped), an own answer where the decision takes one, the task type for the
 * label, and editable report and monitoring settings.
 */
export function DecisionForm({
  decision,
  submit,
}: {
  decision: AgenticDecision;
  submit: (body: AgenticDecisionSubmit) => Promise<unknown>;
}) {
  const id = useId();
  const takes = new Set(decision.answer_with);
  const [choice, setChoice] = useState<number>(decision.recommended_index ?? decision.options[0]?.index ?? 0);
  const [checked, setChecked] = useState(() => initialChecks(decision));
  const [custom, setCustom] = useState("");
  const [labelType, setLabelType] = useState("");
  const settingsField = SETTINGS_FIELD[decision.decision_type as keyof typeof SETTINGS_FIELD];
  const chosen = decision.options.find((o) => o.index === choice);
  const [settings, setSettings] = useState<Record<number, string>>({});
  const settingsText = settings[choice] ?? JSON.stringify(chosen?.value ?? {}, null, 2);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const answer = (): AgenticDecisionSubmit => {
    const body: AgenticDecisionSubmit = { decision_type: decision.decision_type };
    if (custom.trim() && takes.has("custom_value")) return { ...body, custom_value: custom.trim() };
    if (decision.multi_select) {
      const all = decision.options.map((o) => o.index);
      if (takes.has("apply_indices"))
        return {
          ...body,
          apply_indices: all.filter((i) => checked.has(i)),
          skip_indices: all.filter((i) => !checked.has(i)),
        };
      return { ...body, selected_indices: all.filter((i) => checked.has(i)) };
    }
    if (settingsField && settings[choice] !== undefined)
      return { ...body, [settingsField]: JSON.parse(settingsText) as Record<string, unknown> };
    const action = (chosen?.value as { action?: string } | undefined)?.action;
    return {
      ...body,
      choice_index: choice,
      ...(takes.has("action") && action ? { action: action as "approve" | "skip" | "reject" } : {}),
      ...(labelType ? { label_type: labelType as "regression" | "binary" | "multiclass" } : {}),
    };
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await submit(answer());
    } catch (e) {
      setError(e instanceof SyntaxError ? new Error("The settings are not valid JSON.") : e);
      setBusy(false);
    }
  };

  return (
    <form
      className="card decision"
      onSubmit={onSubmit}
      aria-labelledby={`${id}-title`}
      data-decision={`${decision.id}-${decision.round}`}
    >
      <h2 id={`${id}-title`}>Decision: {decision.decision_type.replaceAll("_", " ")}</h2>
      <p className="prompt">{decision.prompt}</p>
      <fieldset>
        <legend>{decision.multi_select ? "Choose any (unchecked ones are skipped)" : "Choose one"}</legend>
        {decision.options.map((option) => {
          const inputId = `${id}-option-${option.index}`;
          return (
            <div key={option.index} className={`option${option.recommended ? " option-recommended" : ""}`}>
              {decision.multi_select ? (
                <input
                  id={inputId}
                  type="checkbox"
                  checked={checked.has(option.index)}
                  onChange={(e) => {
                    const next = new Set(checked);
                    if (e.target.checked) next.add(option.index);
                    else next.delete(option.index);
                    setChecked(next);
                  }}
                />
              ) : (
                <input
                  id={inputId}
                  type="radio"
                  name={`${id}-choice`}
                  checked={choice === option.index}
                  onChange={() => setChoice(option.index)}
                />
              )}
              <label htmlFor={inputId}>
                <OptionText option={option} />
              </label>
            </div>
          );
        })}
      </fieldset>
      {takes.has("label_type") && (
        <label>
          Task type
          <select value={labelType} onChange={(e) => setLabelType(e.target.value)}>
            <option value="">As the option says</option>
            <option value="binary">binary</option>
            <option value="multiclass">multiclass</option>
            <option value="regression">regression</option>
          </select>
        </label>
      )}
      {settingsField && !decision.multi_select && (
        <label>
          Settings of the chosen option (edit to change them)
          <textarea
            rows={6}
            value={settingsText}
            onChange={(e) => setSettings({ ...settings, [choice]: e.target.value })}
          />
        </label>
      )}
      {takes.has("custom_value") && (
        <label>
          Or answer in your own words (a column, a dataset id…)
          <input value={custom} onChange={(e) => setCustom(e.target.value)} />
        </label>
      )}
      <button type="submit" disabled={busy}>
        {busy ? "Sending…" : "Submit decision"}
      </button>
      <ErrorBox error={error} />
    </form>
  );
}
