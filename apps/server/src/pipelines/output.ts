import type { ReadStream } from "node:fs";
import { createReadStream, existsSync } from "node:fs";
import type { ServerContext } from "../context.js";
import { HttpError } from "../http/errors.js";
import type { ExecutionRecord } from "./execution-store.js";
import { outputKey } from "./executor.js";

/** How long a download URL of a large output works. */
export const OUTPUT_URL_SECONDS = 15 * 60;

// Signed with the upload signer's secret under a name no file id can take.
const subject = (executionId: string) => `pipeline-output:${executionId}`;

/** `GET .../output`: the output inline, or a signed URL to it when it was too large to send inline. */
export function outputAnswer(ctx: ServerContext, execution: ExecutionRecord) {
  if (execution.output_storage === "none")
    throw new HttpError(
      404,
      "not_found",
      `Pipeline execution ${execution.id} has no output (it is ${execution.status}).`,
    );
  const base = {
    pipeline_execution_id: execution.id,
    output_summary: execution.pipeline_output_summary,
    size_bytes: execution.output_size,
  };
  if (execution.output_storage === "inline")
    return {
      ...base,
      storage: "inline",
      output: execution.pipeline_output,
      download_url: null,
      expires_at: null,
    };
  const expires = Math.floor(Date.now() / 1000) + OUTPUT_URL_SECONDS;
  const signature = ctx.signer.sign(subject(execution.id), expires);
  return {
    ...base,
    storage: "artifact",
    output: null,
    download_url: `/v1/pipeline-executions/${execution.id}/output/content?expires=${expires}&signature=${encodeURIComponent(signature)}`,
    expires_at: new Date(expires * 1000).toISOString(),
  };
}

/** The stored output behind a signed URL; 403 when the signature is not ours or has expired. */
export async function readSignedOutput(
  ctx: ServerContext,
  executionId: string,
  expires: number,
  signature: string,
): Promise<ReadStream> {
  const verdict = ctx.signer.verify(subject(executionId), expires, signature);
  if (verdict === "expired")
    throw new HttpError(403, "forbidden", "This download URL has expired; ask for the output again.");
  if (verdict !== "ok") throw new HttpError(403, "forbidden", "This download URL is not valid.");
  const path = ctx.blobs.path(outputKey(executionId));
  if (!existsSync(path))
    throw new HttpError(404, "not_found", `Pipeline execution ${executionId} has no stored output.`);
  return createReadStream(path);
}
