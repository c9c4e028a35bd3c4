import {
  type AgenticDecision,
  type AgenticDecisionSubmit,
  type AgenticRun,
  APIError,
  createClient,
  type ParzenClient,
  recommendedAnswer,
} from "@parzen/client";
import { Command } from "commander";
import { type CommandContext, type CommandFactory, UsageError } from "../command.js";

interface RunFlags {
  url?: string;
  modelName?: string;
  dataset?: string;
  query?: string;
  auto?: boolean;
  run?: string;
  autoDeploy?: boolean;
  timeoutSeconds?: string;
  json?: boolean;
}

/** A decision and its options as a person reads them. */
export function describeDecision(decision: AgenticDecision): string[] {
  const lines = [`${decision.decision_type}: ${decision.prompt}`];
  for (const o of decision.options) {
    const marks = [
      o.recommended ? "recommended" : "",
      o.safe === true ? "safe" : o.safe === false ? "not safe" : "",
    ]
      .filter(Boolean)
      .join(", ");
    lines.push(`  [${o.index}] ${o.label}${marks ? ` (${marks})` : ""}`);
    lines.push(`      ${o.description}`);
    lines.push(`      why: ${o.reason}`);
  }
  return lines;
}

/** What the person typed, as a decision: empty takes the recommendation; numbers pick options; words act. */
export function parseAnswer(decision: AgenticDecision, typed: string): AgenticDecisionSubmit {
  const text = typed.trim().toLowerCase();
  const type = decision.decision_type;
  if (text === "") return recommendedAnswer(decision);
  if (text === "skip") return { decision_type: type, skipped: true };
  if (type === "model_deployment" && ["approve", "reject"].includes(text))
    return { decision_type: type, action: text as "approve" | "reject" };
  const indices = text.split(/[\s,]+/).map(Number);
  if (indices.some((i) => !Number.isInteger(i)))
    throw new UsageError(`"${typed}" is not a list of option numbers`);
  if (type === "model_deployment") return { decision_type: type, choice_index: indices[0] };
  if (type === "feature_engineering") return { decision_type: type, apply_indices: indices };
  if (decision.multi_select) return { decision_type: type, selected_indices: indices };
  return { decision_type: type, choice_index: indices[0] };
}

const HINT = "Enter: the recommendation · numbers: options (several with commas where allowed) · skip";

/** Asks until the server accepts an answer (a 400 is shown and asked again). */
async function answer(context: CommandContext, client: ParzenClient, run: AgenticRun): Promise<void> {
  const decision = run.pending_decision!;
  const { io } = context;
  if (!io.ask)
    throw new UsageError(
      "a decision is pending and there is nobody to ask: pass --auto, or run in a terminal",
    );
  for (const line of describeDecision(decision)) io.err(line);
  for (;;) {
    const typed = await io.ask(`${HINT}\n> `);
    try {
      const accepted = await client.agentic.submitDecision(run.run_id, parseAnswer(decision, typed), {
        signal: context.signal,
      });
      io.err(`  → ${accepted.message}`);
      return;
    } catch (error) {
      if (error instanceof UsageError || (error instanceof APIError && error.status === 400)) {
        io.err(`  ${error.message}`);
        continue;
      }
      throw error;
    }
  }
}

/** `parzen run`: starts (or resumes) an agentic run and sees it through, asking at each decision or with `--auto`. */
export const runCommand: CommandFactory = (context) =>
  new Command("run")
    .summary("Drive an agentic run: from a dataset to a monitored deployment, deciding at each phase.")
    .option(
      "--url <url>",
      "the server (default: PARZEN_BASE_URL, else http://127.0.0.1:8080); key: PARZEN_API_KEY",
    )
    .option("--model-name <name>", "name of the model to build (required for a new run)")
    .option("--dataset <id>", "the dataset to train on (default: the run offers the team's datasets)")
    .option("--query <text>", "what to build, in words (may name the dataset or the label)")
    .option("--auto", "take every recommendation without asking (auto_mode)", false)
    .option("--auto-deploy", "deploy the trained model without asking", false)
    .option("--timeout-seconds <n>", "resolve an unanswered decision with its recommendation after n seconds")
    .option("--run <id>", "resume (and follow) an existing run instead of starting one")
    .option("--json", "print the final run state as JSON", false)
    .action(async (flags: RunFlags) => {
      const { io, signal } = context;
      if (!flags.run && !flags.modelName) throw new UsageError("--model-name is required to start a run");
      const client = createClient({ baseUrl: flags.url });
      const timeout = flags.timeoutSeconds === undefined ? undefined : Number(flags.timeoutSeconds);
      if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0))
        throw new UsageError("--timeout-seconds must be a whole number of seconds");
      const started = await client.agentic.startRun(
        {
          model_name: flags.modelName ?? "resumed",
          run_id: flags.run ?? null,
          dataset_id: flags.dataset ?? null,
          user_query: flags.query ?? null,
          auto_mode: Boolean(flags.auto),
          auto_deploy: Boolean(flags.autoDeploy),
          decision_timeout_seconds: timeout ?? null,
        },
        { signal },
      );
      context.resumeHint = `Follow it again with: parzen run --run ${started.run_id}`;
      io.err(`run ${started.run_id}: ${started.message ?? started.status}`);
      let said = "";
      for (;;) {
        const run = await client.agentic.waitUntilSettled(started.run_id, {
          pollInterval: 1000,
          signal,
          onUpdate: (r) => {
            if (r.progress.message === said) return;
            said = r.progress.message;
            io.err(`[${r.progress.phases_done}/${r.progress.phases_total}] ${said}`);
          },
        });
        if (run.status === "waiting_for_decision") await answer(context, client, run);
        else if (run.status === "paused") {
          io.err("A decision timed out and took its recommendation; resuming.");
          await client.agentic.resumeRun(run.run_id, { signal });
        } else {
          if (flags.json) io.out(JSON.stringify(run));
          else {
            io.out(`run ${run.run_id}: ${run.status}`);
            if (run.model_id)
              io.out(
                `model ${run.model_id}: ${run.results.model_training?.metric} ${run.results.model_training?.score}`,
              );
            if (run.deployment_id) io.out(`deployment ${run.deployment_id}`);
            if (run.report_id) io.out(`report ${client.baseUrl}/v1/reports/${run.report_id}`);
            if (run.monitor_id) io.out(`monitor ${run.monitor_id}`);
            if (run.error) io.out(`error: ${run.error.message}`);
          }
          context.exit(run.status === "completed" ? 0 : 1);
          return;
        }
      }
    });
