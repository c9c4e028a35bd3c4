import type { FastifyRequest } from "fastify";
import type { ServerContext } from "../context.js";
import { receiveParts } from "../files/receive.js";
import { fileKey, type NewFile } from "../files/repository.js";
import { fieldError } from "../http/errors.js";

/** Most files one execution may be started with. */
export const MAX_EXECUTION_FILES = 10;

/** An execution request sent as `multipart/form-data`: `execution_key`, `input` (JSON text) and `files[]`. */
export interface ExecutionForm {
  executionKey: string | null;
  input: unknown;
  /** Already in the blob store; the caller removes them if the execution is not accepted. */
  uploads: NewFile[];
}

/** Reads the form; a missing key or an `input` that is not a JSON object is a 400, and leaves no bytes behind. */
export async function readExecutionForm(request: FastifyRequest, ctx: ServerContext): Promise<ExecutionForm> {
  const { files, fields } = await receiveParts(request, ctx, {
    fileFields: ["files[]", "files"],
    maxFiles: MAX_EXECUTION_FILES,
  });
  try {
    let input: unknown = {};
    if (fields.input !== undefined && fields.input !== "") {
      try {
        input = JSON.parse(fields.input);
      } catch {
        input = undefined;
      }
      if (!input || typeof input !== "object" || Array.isArray(input))
        throw fieldError("body.input", "must be a JSON object, sent as text");
    }
    if (!fields.execution_key) throw fieldError("body.execution_key", "is required");
    return { executionKey: fields.execution_key, input, uploads: files };
  } catch (error) {
    await Promise.all(files.map((f) => ctx.blobs.remove(fileKey(f.id))));
    throw error;
  }
}
