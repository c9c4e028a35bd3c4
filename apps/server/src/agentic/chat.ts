import type { ServerContext } from "../context.js";
import { HttpError } from "../http/errors.js";
import { groundedAnswer } from "../llm/index.js";
import { driftFacts, featureFacts, modelFacts, optionFacts, statusFacts } from "./chat-facts.js";
import { cancelRun, skipPhase, submitDecision } from "./decisions.js";
import { addChat, type ChatMessage } from "./repository.js";
import { getRun, resumeRun } from "./runs.js";
import type { DecisionBody, RunRecord } from "./types.js";

/** Something the assistant did on the user's word, through the same functions as the API. */
export interface ChatAction {
  action: "skip_phase" | "submit_decision" | "cancel_run" | "resume_run";
  detail: Record<string, unknown>;
}

type Acted = { text: string; action?: ChatAction };

/** The decision an instruction stands for, given what is pending; undefined when it is not an instruction. */
function decisionFor(message: string, run: RunRecord): DecisionBody | undefined {
  const pending = run.status === "waiting_for_decision" ? run.pendingDecision : null;
  if (!pending) return undefined;
  const type = pending.decision_type;
  const label =
    /\b(?:use|make|pick|choose|predict)\s+["']?(.+?)["']?\s+(?:as|be)\s+(?:the\s+)?(?:label|target)\b/i.exec(
      message,
    ) ?? /\b(?:label|target)\s+(?:should be|is|=)\s+["']?([^"'.?!]+)["']?/i.exec(message);
  if (label && type === "label_selection") return { decision_type: type, custom_value: label[1].trim() };
  if (/\b(approve|deploy it|go ahead and deploy|ship it)\b/i.test(message) && type === "model_deployment")
    return { decision_type: type, action: "approve" };
  if (/\breject\b/i.test(message) && type === "model_deployment")
    return { decision_type: type, action: "reject" };
  const option = /\b(?:option|choice|choose|pick|take)\s+#?(\d+)\b/i.exec(message);
  if (option) {
    const index = Number(option[1]);
    return pending.multi_select
      ? {
          decision_type: type,
          ...(type === "feature_engineering" ? { apply_indices: [index] } : { selected_indices: [index] }),
        }
      : { decision_type: type, choice_index: index };
  }
  if (
    /\b(?:go with|accept|take|use)\s+(?:the\s+)?recommend/i.test(message) &&
    pending.recommended_index !== null
  ) {
    if (type === "model_deployment") return { decision_type: type, action: "approve" };
    const recommended = pending.options.filter((o) => o.recommended).map((o) => o.index);
    if (type === "feature_engineering") return { decision_type: type, apply_indices: recommended };
    if (pending.multi_select) return { decision_type: type, selected_indices: recommended };
    return { decision_type: type, choice_index: pending.recommended_index };
  }
  return undefined;
}

/** Carries out a clear instruction, or returns undefined; a refused instruction is explained, not thrown. */
async function act(ctx: ServerContext, run: RunRecord, message: string): Promise<Acted | undefined> {
  const attempt = async (action: ChatAction["action"], run: () => Promise<Acted>) => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof HttpError)
        return { text: `I could not do that (${action.replace("_", " ")}): ${error.message}` };
      throw error;
    }
  };
  if (/\bskip\b/i.test(message))
    return attempt("skip_phase", async () => {
      const done = await skipPhase(ctx, run.teamId, run.id, "chat");
      return {
        text: `Done: I skipped ${done.skipped_phase}; the run goes on with ${done.next_phase ?? "its end"}.`,
        action: { action: "skip_phase", detail: { ...done } },
      };
    });
  if (/\b(cancel|abort|stop)\b.*\b(run|it|this|training)\b|^\s*(cancel|stop)\b/i.test(message))
    return attempt("cancel_run", async () => {
      const done = await cancelRun(ctx, run.teamId, run.id);
      return {
        text: "Done: I cancelled the run.",
        action: { action: "cancel_run", detail: { cancelled_job_ids: done.cancelledJobs } },
      };
    });
  if (/\b(resume|continue|carry on)\b/i.test(message) && (run.status === "paused" || run.status === "failed"))
    return attempt("resume_run", async () => {
      const done = await resumeRun(ctx, run.teamId, run.id);
      return { text: `Done: ${done.message}`, action: { action: "resume_run", detail: done } };
    });
  const body = decisionFor(message, run);
  if (!body) return undefined;
  return attempt("submit_decision", async () => {
    const done = await submitDecision(ctx, run.teamId, run.id, body, "chat");
    return {
      text: `Done: I submitted the ${done.phase} decision — ${done.message}`,
      action: { action: "submit_decision", detail: { ...body } },
    };
  });
}

/** The built-in answer to a question, from the run's real state. */
async function answer(ctx: ServerContext, run: RunRecord, message: string): Promise<string> {
  const m = message.toLowerCase();
  if (/drift/.test(m)) return driftFacts(ctx.db, run);
  if (/feature|suggest|transform|ratio|impute/.test(m)) {
    const about = /why .*?["“]?([A-Za-z][\w ()]*?)["”]?\s*(?:\?|$)/.exec(message)?.[1];
    return featureFacts(run, about && !/feature|suggest/.test(about.toLowerCase()) ? about : undefined);
  }
  if (/best|model|score|perform|accura|leaderboard|metric/.test(m)) return modelFacts(ctx.db, run);
  if (/option|recommend|choice|choose|should i|decision|what do|mean/.test(m)) return optionFacts(run);
  const status = await statusFacts(ctx.db, run);
  return /status|where|progress|doing|state/.test(m)
    ? status
    : `${status}\nYou can ask about the options and the recommendation, the best model and its score, why a feature was suggested, or drift; or tell me to "skip this phase", "use <column> as the label", "approve the deployment".`;
}

/**
 * `send_chat`: records the message, acts on a clear instruction (the same code as the API), answers from the
 * run's real state, and with a configured language model lets it phrase the answer from the same facts.
 */
export async function sendChat(
  ctx: ServerContext,
  teamId: string,
  runId: string,
  content: string,
): Promise<{ message: ChatMessage; actions: ChatAction[]; phrased_by: "built_in" | "llm" }> {
  const run = await getRun(ctx.db, teamId, runId);
  await addChat(ctx.db, run.id, "user", content);
  const acted = await act(ctx, run, content);
  const now = await getRun(ctx.db, teamId, runId);
  const facts = [await statusFacts(ctx.db, now), optionFacts(now), await modelFacts(ctx.db, now)].join("\n");
  const builtIn = acted
    ? `${acted.text}${now.status === "waiting_for_decision" ? `\nNext: ${optionFacts(now)}` : ""}`
    : await answer(ctx, now, content);
  const phrased = await groundedAnswer(ctx.llm, {
    role: "You are the assistant of a guided machine-learning run; you explain its state and decisions.",
    facts,
    question: content,
    fallback: builtIn,
  });
  const actions = acted?.action ? [acted.action] : [];
  const message = await addChat(ctx.db, run.id, "assistant", phrased.text, {
    actions,
    phrased_by: phrased.source,
  });
  return { message, actions, phrased_by: phrased.source === "llm" ? "llm" : "built_in" };
}
