import type { FeatureStep } from "@parzen/trainer";
import type { ColumnProfile, DatasetProfile } from "../../datasets/profile-types.js";
import { fieldError } from "../../http/errors.js";
import type { Answer, DecisionBody, DecisionOption, PhaseDefinition, Proposal, RunRecord } from "../types.js";
import { liveColumns, numbered, optionsAt, round2, runProfile } from "./common.js";

type Suggestion = Omit<DecisionOption, "index"> & { value: { step: FeatureStep; columns: string[] } };

/** Name tokens two numeric columns share (e.g. "beak" and "mm"), a hint their ratio means something. */
function sharedTokens(a: string, b: string): string[] {
  const tokens = (s: string) =>
    new Set(
      s
        .toLowerCase()
        .split(/[^a-z]+/)
        .filter((t) => t.length >= 2),
    );
  const tb = tokens(b);
  return [...tokens(a)].filter((t) => tb.has(t));
}

/** Concrete feature suggestions from the profile and the label's leakage suspects, each marked safe or not. */
export function suggestFeatures(profile: DatasetProfile, run: RunRecord): Suggestion[] {
  const label = run.state.label_column;
  const columns = liveColumns(profile, run).filter((c) => c.name !== label && !c.constant);
  const out: Suggestion[] = [];
  const leaks = (run.state.results?.label_selection?.leakage_suspects ?? []) as {
    column: string;
    score: number;
    reason: string;
  }[];
  for (const leak of leaks.filter((l) => columns.some((c) => c.name === l.column))) {
    out.push({
      label: `Drop "${leak.column}" (possible leakage)`,
      description: `Leave "${leak.column}" out of the model.`,
      reason: `${leak.reason} (score ${round2(leak.score)}): it may not be known when predicting.`,
      recommended: false,
      safe: false,
      kind: "drop_leakage",
      value: { step: { type: "drop", columns: [leak.column] }, columns: [leak.column] },
    });
  }
  for (const c of columns.filter((c) => c.id_like)) {
    out.push({
      label: `Drop ID-like "${c.name}"`,
      description: `Leave "${c.name}" out of the model.`,
      reason: `${c.distinct_count} distinct values in ${profile.row_count} rows: it names rows rather than describing them.`,
      recommended: true,
      safe: true,
      kind: "drop_id",
      value: { step: { type: "drop", columns: [c.name] }, columns: [c.name] },
    });
  }
  const numeric = columns.filter(
    (c): c is ColumnProfile & { numeric: NonNullable<ColumnProfile["numeric"]> } =>
      Boolean(c.numeric && !c.id_like && c.type !== "datetime"),
  );
  for (const c of numeric.filter((c) => Math.abs(c.numeric.skewness ?? 0) > 1 && c.numeric.min >= 0)) {
    out.push({
      label: `Log-transform skewed "${c.name}"`,
      description: `Replace "${c.name}" by log(1 + value) inside the model's preprocessing.`,
      reason: `Skewness ${round2(c.numeric.skewness ?? 0)} (median ${round2(c.numeric.median)}, max ${round2(c.numeric.max)}): a long tail that linear and neural models fit poorly.`,
      recommended: true,
      safe: true,
      kind: "log_transform",
      value: { step: { type: "log", columns: [c.name] }, columns: [c.name] },
    });
  }
  const missing = columns.filter((c) => c.numeric && c.missing_count > 0);
  if (missing.length > 0) {
    out.push({
      label: `Impute missing values (${missing.map((c) => c.name).join(", ")})`,
      description:
        "Fill missing numbers with the training median and add a was-missing flag, for every model family.",
      reason: missing.map((c) => `${c.name}: ${c.missing_count} missing`).join("; "),
      recommended: true,
      safe: true,
      kind: "impute",
      value: { step: { type: "impute" }, columns: missing.map((c) => c.name) },
    });
  }
  const pairs: [ColumnProfile, ColumnProfile, string[]][] = [];
  for (let i = 0; i < numeric.length; i++)
    for (let j = i + 1; j < numeric.length; j++) {
      const shared = sharedTokens(numeric[i].name, numeric[j].name);
      if (shared.length > 0) pairs.push([numeric[i], numeric[j], shared]);
    }
  for (const [a, b, shared] of pairs.slice(0, 2)) {
    out.push({
      label: `Add the ratio "${a.name}" / "${b.name}"`,
      description: `A new feature: "${a.name}" divided by "${b.name}".`,
      reason: `Both are numbers about "${shared.join(" ")}"; a ratio can express shape where each alone expresses size. Untested: check it on the leaderboard.`,
      recommended: false,
      safe: false,
      kind: "ratio",
      value: { step: { type: "ratio", numerator: a.name, denominator: b.name }, columns: [a.name, b.name] },
    });
  }
  const settled = new Set(run.state.features_settled ?? []);
  return out.filter((s) => !settled.has(s.label));
}

/** The options applied without asking: the safe ones, when `auto_apply_safe_features` is on. */
function automatic(run: RunRecord, proposal: Proposal): DecisionOption[] {
  return run.config.auto_apply_safe_features ? proposal.options.filter((o) => o.safe) : [];
}

function answerOf(applied: DecisionOption[], skipped: DecisionOption[], again: boolean): Answer {
  return {
    summary: applied.length
      ? `Apply ${applied.map((o) => o.label).join("; ")}.`
      : "Apply no feature suggestion.",
    apply: applied.map((o) => o.index),
    skip: skipped.map((o) => o.index),
    again,
  };
}

/** `feature_engineering`: concrete, explained suggestions; applied steps become part of the model's preprocessing. */
export const featureEngineering: PhaseDefinition = {
  phase: "feature_engineering",
  async propose(env, run) {
    const profile = await runProfile(env, run);
    const options = numbered(suggestFeatures(profile, run));
    const auto = run.config.auto_apply_safe_features ? options.filter((o) => o.safe).map((o) => o.index) : [];
    return {
      prompt: "Which feature engineering steps should the model's preprocessing include?",
      options,
      recommended_index: options.find((o) => o.recommended)?.index ?? null,
      multi_select: true,
      answer_with: ["apply_indices", "skip_indices", "selected_indices", "selected_features", "done"],
      context: {
        suggestions: options.length,
        safe: options.filter((o) => o.safe).map((o) => o.index),
        applied_automatically: auto,
        auto_apply_safe_features: run.config.auto_apply_safe_features,
        steps_so_far: run.state.feature_steps ?? [],
      },
    };
  },
  settlesItself(run, proposal) {
    // Nothing left to ask when every suggestion is safe and safe ones are applied anyway.
    return (
      proposal.options.every((o) => o.safe) &&
      (run.config.auto_apply_safe_features || proposal.options.length === 0)
    );
  },
  recommended(run, proposal) {
    const applied = proposal.options.filter((o) => o.recommended || automatic(run, proposal).includes(o));
    return answerOf(
      applied,
      proposal.options.filter((o) => !applied.includes(o)),
      false,
    );
  },
  async check(_env, run, proposal, body: DecisionBody) {
    const given = [body.apply_indices, body.skip_indices, body.selected_indices, body.selected_features].some(
      (v) => v !== undefined && v !== null,
    );
    if (!given && !(run.config.auto_apply_safe_features && body.done))
      throw fieldError(
        "body.apply_indices",
        `required for a feature_engineering decision (or skip_indices, selected_indices, selected_features); options are 0–${proposal.options.length - 1}`,
      );
    const skip = optionsAt(proposal, body.skip_indices, "skip_indices");
    const wanted = [
      ...optionsAt(proposal, body.apply_indices, "apply_indices"),
      ...optionsAt(proposal, body.selected_indices, "selected_indices"),
    ];
    (body.selected_features ?? []).forEach((name, i) => {
      const matching = proposal.options.filter((o) =>
        (o.value as Suggestion["value"]).columns.includes(name),
      );
      if (matching.length === 0)
        throw fieldError(`body.selected_features.${i}`, `no suggestion is about "${name}"`);
      wanted.push(...matching);
    });
    for (const [i, o] of (body.skip_indices ?? []).entries())
      if (wanted.some((w) => w.index === o))
        throw fieldError(`body.skip_indices.${i}`, `option ${o} is both applied and skipped`);
    const applied = proposal.options.filter(
      (o) => (wanted.includes(o) || automatic(run, proposal).includes(o)) && !skip.includes(o),
    );
    const again = body.done === false && applied.length + skip.length < proposal.options.length;
    const settled = again ? [...applied, ...skip] : proposal.options;
    return answerOf(
      applied,
      settled.filter((o) => !applied.includes(o)),
      again,
    );
  },
  async apply(_env, run, answer) {
    const proposal = run.state.proposal!;
    const applied = (answer.apply as number[]).map((i) => proposal.options[i]);
    const skipped = (answer.skip as number[]).map((i) => proposal.options[i]);
    run.state.feature_steps = [
      ...(run.state.feature_steps ?? []),
      ...applied.map((o) => (o.value as Suggestion["value"]).step),
    ];
    run.state.features_settled = [
      ...(run.state.features_settled ?? []),
      ...applied.map((o) => o.label),
      ...skipped.map((o) => o.label),
    ];
    const previous = (run.state.results?.feature_engineering ?? {}) as {
      applied?: string[];
      skipped?: string[];
    };
    return {
      applied: [...(previous.applied ?? []), ...applied.map((o) => o.label)],
      skipped: [...(previous.skipped ?? []), ...skipped.map((o) => o.label)],
      feature_steps: run.state.feature_steps,
    };
  },
};
