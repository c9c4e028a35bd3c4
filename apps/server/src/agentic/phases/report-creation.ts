import { fieldError } from "../../http/errors.js";
import { checkSchema } from "../../http/schema-check.js";
import { createReport, type ReportCreateBody } from "../../reports/reports.js";
import { SECTIONS, type SectionName } from "../../reports/sections.js";
import { listDecisions } from "../repository.js";
import type { DecisionBody, PhaseDefinition, RunRecord } from "../types.js";
import { chosen, numbered, serverOf } from "./common.js";

type ReportConfig = Pick<ReportCreateBody, "title" | "description" | "sections">;

const SHORT: SectionName[] = ["leaderboard", "feature_importance", "preprocessing", "decisions"];

const subject = (run: RunRecord) =>
  run.state.deployment_id ? { deployment_id: run.state.deployment_id } : { model_id: run.state.model_id };

/** `report_creation`: a self-contained HTML report on the run's model, with the run's decisions. */
export const reportCreation: PhaseDefinition = {
  phase: "report_creation",
  unavailable: (run) => (run.state.model_id ? undefined : "No model was trained."),
  async propose(_env, run) {
    const title = `${run.modelName}: model report`;
    const options = numbered([
      {
        label: "Full report",
        description: `Every section: ${SECTIONS.join(", ")}.`,
        reason:
          "Everything a reviewer needs in one page: data, scores, curves, importance, preprocessing and decisions.",
        recommended: true,
        kind: "report",
        value: { title, sections: [...SECTIONS] },
      },
      {
        label: "Short report",
        description: `Only ${SHORT.join(", ")}.`,
        reason: "A quick summary for people who know the data.",
        recommended: false,
        kind: "report",
        value: { title, sections: SHORT },
      },
    ]);
    return {
      prompt: "What report should be written?",
      options,
      recommended_index: 0,
      multi_select: false,
      answer_with: ["choice_index", "report_config"],
      context: {
        sections: SECTIONS,
        model_id: run.state.model_id,
        deployment_id: run.state.deployment_id ?? null,
      },
    };
  },
  recommended: (_run, proposal) => ({ summary: "Write the full report.", config: proposal.options[0].value }),
  async check(_env, run, proposal, body: DecisionBody) {
    if (body.report_config) {
      const { model_id: _m, deployment_id: _d, ...rest } = body.report_config;
      if ("decisions" in rest || "run_id" in rest)
        throw fieldError(
          "body.report_config",
          "decisions and run_id come from the run; send title, description, sections",
        );
      const config = checkSchema<ReportConfig>(
        "ReportCreate",
        { ...rest, ...subject(run) },
        "body.report_config",
      );
      return {
        summary: `Write a report "${config.title ?? "untitled"}".`,
        config: { title: config.title, description: config.description, sections: config.sections },
      };
    }
    const option = chosen(proposal, body, ["report_config"]);
    return { summary: `Write the ${option.label.toLowerCase()}.`, config: option.value };
  },
  async apply(env, run, answer) {
    if (!run.state.report_id) {
      const config = answer.config as ReportConfig;
      const decisions = (await listDecisions(env.db, run.id)).map((d) => ({
        phase: d.phase,
        decision_type: d.decision_type,
        summary: d.summary,
        decided_by: d.decided_by,
        decided_at: d.created_at,
      }));
      const report = await createReport(serverOf(env), run.teamId, {
        ...subject(run),
        ...Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)),
        description: config.description ?? (run.modelDescription || undefined),
        decisions,
        run_id: run.id,
      });
      run.state.report_id = report.id;
      await env.checkpoint?.(run);
    }
    return { report_id: run.state.report_id, url: `/v1/reports/${run.state.report_id}` };
  },
};
