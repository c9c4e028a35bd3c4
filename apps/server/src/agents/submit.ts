import { randomUUID } from "node:crypto";
import { extname } from "node:path";
import type { ServerContext } from "../context.js";
import { fileKey, insertFile, type NewFile } from "../files/repository.js";
import { fieldError } from "../http/errors.js";
import { createJob } from "../jobs/repository.js";
import type { Agent } from "./agents.js";
import { addMessage, createConversation } from "./conversations.js";
import type { AnyDefinition } from "./definition.js";
import { AGENT_EXECUTION_JOB, type ExecutionRecord, getExecution, insertExecution } from "./executions.js";
import { checkInput } from "./input.js";
import { definitionByKey, definitionsOf, typesOffering } from "./registry.js";

/** What a request asks for, in either API's words. */
export interface Submission {
  agent: Agent;
  /** Null: the agent's default execution type (seed 001's `input_data` executions). */
  executionKey: string | null;
  input: unknown;
  /** Where the input sits in the request, for error paths: `body.input` or `body.input_data`. */
  inputPath: string;
  /** Files sent with the request, already in the blob store, recorded only if the execution is accepted. */
  uploads: NewFile[];
}

/** The definition a submission names, or a 400 saying whose it is. */
function resolveDefinition(agent: Agent, key: string | null): AnyDefinition {
  const offered = definitionsOf(agent.agent_type);
  if (key === null) {
    const fallback = agent.settings.default_execution_key ?? offered[0]?.key;
    const found = offered.find((d) => d.key === fallback);
    if (!found) {
      throw fieldError(
        "body.execution_key",
        `agent type "${agent.agent_type}" has no execution types to run by default; name one`,
      );
    }
    return found;
  }
  const found = offered.find((d) => d.key === key);
  if (found) return found;
  const list = offered.map((d) => d.key).join(", ") || "none";
  if (definitionByKey(key)) {
    throw fieldError(
      "body.execution_key",
      `"${key}" belongs to agent type ${typesOffering(key).join(" / ")}, not to this ${agent.agent_type} agent (it offers: ${list})`,
    );
  }
  throw fieldError("body.execution_key", `unknown execution type "${key}" (this agent offers: ${list})`);
}

/** Whether a file matches an allowed type: a MIME type (`text/csv`, `text/*`) or a name extension (`.csv`). */
function allowed(file: NewFile, types: string[]): boolean {
  const mime = file.mimeType.toLowerCase();
  const ext = extname(file.name).toLowerCase();
  return types.some((t) => {
    const type = t.toLowerCase();
    if (type.startsWith(".")) return type === ext;
    if (type.endsWith("/*")) return mime.startsWith(type.slice(0, -1));
    return type === mime;
  });
}

/** The agent's file settings and the definition's appetite for files, or a 400 naming the file. */
function checkFiles(agent: Agent, definition: AnyDefinition, uploads: NewFile[]): void {
  if (uploads.length === 0) return;
  if (!agent.settings.file_upload_enabled) {
    throw fieldError(
      "body.files",
      "this agent does not accept files (settings.file_upload_enabled is false)",
    );
  }
  for (const [i, file] of uploads.entries()) {
    if (!allowed(file, agent.settings.allowed_file_types)) {
      throw fieldError(
        `body.files.${i}`,
        `"${file.name}" is ${file.mimeType}, not a type this agent accepts (${agent.settings.allowed_file_types.join(", ")})`,
        "unsupported_file_type",
      );
    }
  }
  if (uploads.length > definition.maxFiles) {
    throw fieldError(
      "body.files",
      definition.maxFiles === 0
        ? `"${definition.key}" takes no files`
        : `"${definition.key}" takes at most ${definition.maxFiles} file(s), got ${uploads.length}`,
    );
  }
}

/**
 * Accepts an execution: resolves its definition, checks files and input (defaults filled in) and the input's
 * references, then stores the files, the conversation with the input as its first message, the job and the
 * execution in one transaction, and queues the job. Uploaded bytes are removed when anything fails.
 */
export async function submitExecution(ctx: ServerContext, s: Submission): Promise<ExecutionRecord> {
  const { agent } = s;
  try {
    const definition = resolveDefinition(agent, s.executionKey);
    checkFiles(agent, definition, s.uploads);
    const checked = checkInput(definition, s.input, s.inputPath);
    const prepared = await definition.prepare(checked, {
      server: ctx,
      teamId: agent.team_id,
      files: s.uploads,
    });
    const id = randomUUID();
    const job = await ctx.db.transaction(async (tx) => {
      for (const file of s.uploads) await insertFile(tx, agent.team_id, file);
      const conversationId = await createConversation(tx, agent.team_id, agent.id);
      const created = await createJob(tx, agent.team_id, AGENT_EXECUTION_JOB, { execution_id: id });
      await insertExecution(tx, {
        id,
        teamId: agent.team_id,
        agentId: agent.id,
        jobId: created.id,
        conversationId,
        executionKey: definition.key,
        input: prepared.input,
        datasetId: prepared.datasetId,
        maxRetries: agent.settings.max_retries,
        fileIds: s.uploads.map((f) => f.id),
      });
      const files = s.uploads.map((f) => `${f.name} (${f.mimeType}, ${f.size} bytes)`);
      await addMessage(
        tx,
        conversationId,
        "user",
        `Run "${definition.name}"${files.length ? ` with ${files.join(", ")}` : ""}.`,
        { execution_key: definition.key, input: prepared.input },
      );
      return created;
    });
    // Committed first: if queueing fails, the workers' reconcile pass still finds the job.
    await ctx.queue.enqueue(job).catch(() => undefined);
    return (await getExecution(ctx.db, agent.team_id, id)) as ExecutionRecord;
  } catch (error) {
    await Promise.all(s.uploads.map((f) => ctx.blobs.remove(fileKey(f.id))));
    throw error;
  }
}
