import { fieldError } from "../../http/errors.js";
import { checkSchema } from "../../http/schema-check.js";
import { getModel } from "../../models/repository.js";
import { createMonitor, type MonitorCreateBody } from "../../monitors/monitors.js";
import { DEFAULT_THRESHOLDS } from "../../monitors/reference.js";
import type { DecisionBody, PhaseDefinition } from "../types.js";
import { chosen, numbered, serverOf } from "./common.js";

type MonitorConfig = Omit<MonitorCreateBody, "deployment_id">;

/** `monitoring_creation`: a drift (and, with labels, performance) monitor bound to the run's deployment. */
export const monitoringCreation: PhaseDefinition = {
  phase: "monitoring_creation",
  unavailable: (run) => (run.state.deployment_id ? undefined : "The model was not deployed."),
  async propose(_env, run) {
    const options = numbered([
      {
        label: "PSI on every feature",
        description: "Population stability index for numbers and categories, alert above 0.2.",
        reason: "One statistic with a well-known scale for all features; robust for small batches.",
        recommended: true,
        kind: "monitor",
        value: { numeric_statistic: "psi", categorical_statistic: "psi" } satisfies MonitorConfig,
      },
      {
        label: "KS for numbers, chi-squared for categories",
        description: `Two-sample tests; alert when p < ${DEFAULT_THRESHOLDS.ks}.`,
        reason: "Significance tests: sensitive with large batches, stricter about small shifts.",
        recommended: false,
        kind: "monitor",
        value: { numeric_statistic: "ks", categorical_statistic: "chi_squared" } satisfies MonitorConfig,
      },
      {
        label: "PSI, also fed by served predictions",
        description:
          "As the first option, and rows predicted by the deployment are checked in batches of 500.",
        reason: "Drift shows up without sending batches yourself.",
        recommended: false,
        kind: "monitor",
        value: {
          numeric_statistic: "psi",
          categorical_statistic: "psi",
          capture_predictions: true,
        } satisfies MonitorConfig,
      },
    ]);
    return {
      prompt: "How should the deployment be monitored for drift?",
      options,
      recommended_index: 0,
      multi_select: false,
      answer_with: ["choice_index", "monitoring_config"],
      context: { deployment_id: run.state.deployment_id, default_thresholds: DEFAULT_THRESHOLDS },
    };
  },
  recommended: (_run, proposal) => ({
    summary: "Monitor every feature with PSI.",
    config: proposal.options[0].value,
  }),
  async check(env, run, proposal, body: DecisionBody) {
    if (body.monitoring_config) {
      if ("deployment_id" in body.monitoring_config)
        throw fieldError(
          "body.monitoring_config.deployment_id",
          "the run's deployment is used; leave it out",
        );
      const config = checkSchema<MonitorCreateBody>(
        "MonitorCreate",
        { ...structuredClone(body.monitoring_config), deployment_id: run.state.deployment_id },
        "body.monitoring_config",
      );
      const model = await getModel(env.db, run.teamId, run.state.model_id!);
      config.features?.forEach((name, i) => {
        if (model && !model.input_columns.includes(name))
          throw fieldError(
            `body.monitoring_config.features.${i}`,
            `"${name}" is not an input column of the model (${model.input_columns.join(", ")})`,
          );
      });
      const { deployment_id: _d, ...rest } = config;
      return { summary: "Create a monitor with your settings.", config: rest };
    }
    const option = chosen(proposal, body, ["monitoring_config"]);
    return { summary: `Monitor with ${option.label}.`, config: option.value };
  },
  async apply(env, run, answer) {
    if (!run.state.monitor_id) {
      const monitor = await createMonitor(serverOf(env), run.teamId, {
        name: `${run.modelName} monitor`,
        ...(answer.config as MonitorConfig),
        deployment_id: run.state.deployment_id!,
      });
      run.state.monitor_id = monitor.id;
      await env.checkpoint?.(run);
    }
    return { monitor_id: run.state.monitor_id, deployment_id: run.state.deployment_id };
  },
};
