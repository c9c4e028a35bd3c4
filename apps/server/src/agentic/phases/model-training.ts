import { getFamily } from "@parzen/trainer";
import { fieldError } from "../../http/errors.js";
import { runTraining } from "../training.js";
import type { DecisionBody, PhaseDefinition, PhaseEnv, RunRecord, TrainingPlan } from "../types.js";
import { chosen, liveColumns, numbered, runProfile } from "./common.js";

/** Seconds per model fit per 1,000 cells (rows × columns), measured roughly on one core; an estimate, said so. */
const SECONDS_PER_KILO_CELL_FIT = 0.004;
const MIN_SECONDS = 2;

/** The plans offered, with estimates from the data's size. */
export function trainingPlans(rows: number, columns: number): TrainingPlan[] {
  const cells = (rows * Math.max(1, columns)) / 1000;
  const estimate = (families: number, trials: number, folds: number, ensemble: boolean) =>
    Math.max(
      MIN_SECONDS,
      Math.round(
        cells * SECONDS_PER_KILO_CELL_FIT * families * trials * (folds + 1) * (ensemble ? 1.2 : 1) + 1,
      ),
    );
  const large = rows > 200_000;
  const plan = (
    name: TrainingPlan["name"],
    model_types: string[],
    n_trials: number,
    n_splits: number,
    ensemble: boolean,
  ): TrainingPlan => ({
    name,
    model_types,
    n_trials,
    n_splits,
    ensemble,
    estimated_seconds: estimate(model_types.length, n_trials, n_splits, ensemble),
  });
  return [
    plan("fast", ["gbdt"], 1, 3, false),
    plan("balanced", large ? ["gbdt", "linear"] : ["gbdt", "linear", "random_forest"], 3, 3, false),
    plan("best", large ? ["gbdt", "linear"] : ["gbdt", "random_forest", "extra_trees", "linear"], 8, 5, true),
  ];
}

const DESCRIPTIONS: Record<string, string> = {
  fast: "One gradient-boosting model with its default settings: a quick baseline.",
  balanced:
    "Boosting, linear and forest models, a few tuned settings each; the best is refitted on all rows.",
  best: "Four model families with a wider search and a Caruana ensemble of the best trials: slowest, usually best.",
};

function checkCustomPlan(value: unknown): TrainingPlan {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw fieldError("body.custom_value", "send a plan {model_types, n_trials, n_splits, ensemble}");
  const v = value as Partial<TrainingPlan>;
  const types = v.model_types ?? ["gbdt"];
  if (!Array.isArray(types) || types.length === 0)
    throw fieldError("body.custom_value.model_types", "send one or more model families");
  types.forEach((t, i) => {
    try {
      getFamily(String(t));
    } catch (error) {
      throw fieldError(`body.custom_value.model_types.${i}`, (error as Error).message);
    }
  });
  const int = (name: "n_trials" | "n_splits", value: unknown, min: number, max: number) => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
      throw fieldError(`body.custom_value.${name}`, `must be an integer from ${min} to ${max}`);
    return value;
  };
  return {
    name: "custom",
    model_types: types.map(String),
    n_trials: int("n_trials", v.n_trials ?? 1, 1, 200),
    n_splits: int("n_splits", v.n_splits ?? 3, 2, 20),
    ensemble: Boolean(v.ensemble),
    estimated_seconds: 0,
  };
}

/** `model_training`: plans with time estimates; the chosen one runs a real trainer job whose progress the run shows. */
export const modelTraining: PhaseDefinition = {
  phase: "model_training",
  unavailable: (run: RunRecord) => (run.state.label_column ? undefined : "No label column was chosen."),
  async propose(env: PhaseEnv, run: RunRecord) {
    const profile = await runProfile(env, run);
    const features = liveColumns(profile, run).length - 1;
    const plans = trainingPlans(profile.row_count, features);
    const recommended = profile.row_count > 200_000 ? "fast" : "balanced";
    const options = numbered(
      plans.map((p) => ({
        label: `${p.name} (about ${p.estimated_seconds} s)`,
        description: DESCRIPTIONS[p.name],
        reason: `${p.model_types.join(", ")}; ${p.n_trials} trial(s) each, ${p.n_splits}-fold CV${p.ensemble ? ", ensemble" : ""}: about ${p.estimated_seconds} s for ${profile.row_count} rows × ${features} features.`,
        recommended: p.name === recommended,
        kind: "plan",
        value: p,
      })),
    );
    return {
      prompt: `How thoroughly should models predicting "${run.state.label_column}" be trained?`,
      options,
      recommended_index: options.find((o) => o.recommended)!.index,
      multi_select: false,
      answer_with: ["choice_index", "custom_value"],
      context: {
        rows: profile.row_count,
        features,
        label_column: run.state.label_column,
        task_kind: run.state.task_kind,
        feature_steps: run.state.feature_steps ?? [],
        custom_value: "{model_types, n_trials, n_splits, ensemble}",
      },
    };
  },
  recommended(_run, proposal) {
    const plan = proposal.options[proposal.recommended_index ?? 0].value as TrainingPlan;
    return { summary: `Train with the ${plan.name} plan.`, plan };
  },
  async check(_env, _run, proposal, body: DecisionBody) {
    if (body.custom_value !== undefined && body.custom_value !== null) {
      const plan = checkCustomPlan(body.custom_value);
      return { summary: `Train with a custom plan (${plan.model_types.join(", ")}).`, plan };
    }
    const plan = chosen(proposal, body, ["custom_value with a plan"]).value as TrainingPlan;
    return { summary: `Train with the ${plan.name} plan.`, plan };
  },
  async apply(env, run, answer) {
    run.state.plan = answer.plan as TrainingPlan;
    const outcome = await runTraining(env, run, run.state.plan);
    run.state.model_id = outcome.model_id;
    run.state.metric = outcome.metric;
    run.state.score = outcome.score;
    return { ...outcome, plan: run.state.plan.name };
  },
};
