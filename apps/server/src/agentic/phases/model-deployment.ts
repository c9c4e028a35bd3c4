import { createDeployment } from "../../deployments/deployments.js";
import { fieldError, HttpError } from "../../http/errors.js";
import type { Answer, DecisionBody, PhaseDefinition } from "../types.js";
import { numbered, optionAt, round2 } from "./common.js";

const ACTIONS = ["approve", "skip", "reject"] as const;
type Action = (typeof ACTIONS)[number];

const SUMMARY: Record<Action, string> = {
  approve: "Deploy the model.",
  skip: "Do not deploy the model now.",
  reject: "Reject the model: it is not deployed.",
};

const answerOf = (action: Action): Answer => ({ summary: SUMMARY[action], action });

/** `model_deployment`: approve (a deployment serving the model), skip, or reject; `auto_deploy` approves by itself. */
export const modelDeployment: PhaseDefinition = {
  phase: "model_deployment",
  unavailable: (run) => (run.state.model_id ? undefined : "No model was trained."),
  async propose(_env, run) {
    const score = run.state.score ?? Number.NaN;
    const leaderboard = (run.state.results?.model_training?.leaderboard ?? []) as unknown[];
    const options = numbered([
      {
        label: `Approve: deploy as "${run.modelName}"`,
        description: `Create a deployment named "${run.modelName}" serving model ${run.state.model_id}; it predicts at POST /v1/deployments/{id}/predict.`,
        reason: `The model scored ${run.state.metric} ${round2(score)} in cross-validation, the best of ${leaderboard.length} model famil${leaderboard.length === 1 ? "y" : "ies"}.`,
        recommended: true,
        kind: "approve",
        value: { action: "approve" },
      },
      {
        label: "Skip deployment for now",
        description: "Keep the model without serving it; a monitor cannot be created without a deployment.",
        reason: "Deploy later from the model, or retrain first.",
        recommended: false,
        kind: "skip",
        value: { action: "skip" },
      },
      {
        label: "Reject the model",
        description: "Do not deploy; the run records that the model was rejected.",
        reason: "When the score or the features are not acceptable.",
        recommended: false,
        kind: "reject",
        value: { action: "reject" },
      },
    ]);
    return {
      prompt: `Deploy the trained model (${run.state.metric} ${round2(score)})?`,
      options,
      recommended_index: 0,
      multi_select: false,
      answer_with: ["action", "choice_index"],
      context: {
        model_id: run.state.model_id,
        metric: run.state.metric,
        score: run.state.score,
        leaderboard,
        deployment_name: run.modelName,
      },
    };
  },
  settlesItself: (run) => run.config.auto_deploy,
  recommended: () => answerOf("approve"),
  async check(_env, _run, proposal, body: DecisionBody) {
    if (body.action) return answerOf(body.action);
    if (body.choice_index != null)
      return answerOf(
        (optionAt(proposal, body.choice_index, "body.choice_index").value as { action: Action }).action,
      );
    throw fieldError(
      "body.action",
      `required for a model_deployment decision: one of ${ACTIONS.join(", ")} (or choice_index)`,
    );
  },
  async apply(env, run, answer) {
    const action = answer.action as Action;
    if (action !== "approve") return { deployed: false, action };
    if (!run.state.deployment_id) {
      const input = { modelId: run.state.model_id!, description: run.modelDescription || null };
      const deployment = await createDeployment(env.db, run.teamId, { ...input, name: run.modelName }).catch(
        (error: unknown) => {
          // The name is taken in the team: this run's deployment gets the run's id beside it.
          if (error instanceof HttpError && error.statusCode === 409)
            return createDeployment(env.db, run.teamId, {
              ...input,
              name: `${run.modelName} (run ${run.id.slice(0, 8)})`,
            });
          throw error;
        },
      );
      run.state.deployment_id = deployment.id;
      await env.checkpoint?.(run);
    }
    return { deployed: true, action, deployment_id: run.state.deployment_id, model_id: run.state.model_id };
  },
};
