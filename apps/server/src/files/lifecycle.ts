import type { Readable } from "node:stream";
import type { ServerContext } from "../context.js";
import { HttpError } from "../http/errors.js";
import { detectFileMime } from "./mime.js";
import { fileKey, moveFile, type StoredFile } from "./repository.js";

/**
 * A file's life, in the seed SDK's terms: `pending_upload` (a signed URL waits for the bytes) → `uploaded` (stored
 * and hashed) → `processing` (type detection) → `ready`; a transfer that fails (too short, too long, cut off) leaves
 * `error` with `error_message`, and the same signed URL may be used again until it expires. Multipart uploads are
 * stored, hashed and typed before their row exists, so they start `ready`.
 */
export const ACCEPTS_BYTES = ["pending_upload", "error"] as const;

/** The filter's `completed` is the seed's other name for `ready`. */
export function statusFilter(values: string[] | undefined): StoredFile["status"][] | undefined {
  return values?.map((v) => (v === "completed" ? "ready" : (v as StoredFile["status"])));
}

/**
 * Receives the bytes of a signed upload into the blob store and walks the file through its statuses. Whatever
 * fails on the way is recorded on the file (status `error`) and rethrown; no partial bytes stay behind.
 */
export async function receiveSignedBytes(
  ctx: ServerContext,
  file: StoredFile,
  mimeGiven: boolean,
  body: Readable,
): Promise<StoredFile> {
  const key = fileKey(file.id);
  const expected = file.file_size;
  const conflict = () => new HttpError(409, "conflict", `File ${file.id} already has its content.`);
  try {
    const blob = await ctx.blobs.write(key, body, expected);
    if (blob.size !== expected) {
      throw new HttpError(
        400,
        "validation_error",
        `Expected exactly ${expected} bytes, received ${blob.size}.`,
        [{ path: "body", message: `must be ${expected} bytes` }],
      );
    }
    if (!(await moveFile(ctx.db, file.id, [...ACCEPTS_BYTES], "uploaded", { sha256: blob.sha256 })))
      throw conflict();
    await moveFile(ctx.db, file.id, ["uploaded"], "processing");
    const mimeType = mimeGiven ? file.mime_type : await detectFileMime(ctx.blobs.path(key), file.name);
    const ready = await moveFile(ctx.db, file.id, ["processing"], "ready", { mimeType });
    if (!ready) throw conflict();
    return ready;
  } catch (error) {
    await ctx.blobs.remove(key);
    const message = error instanceof Error ? error.message : String(error);
    const statusCode = (error as { statusCode?: number }).statusCode;
    if (statusCode !== 409)
      await moveFile(ctx.db, file.id, [...ACCEPTS_BYTES, "uploaded", "processing"], "error", {
        errorMessage: `The upload failed: ${message}`,
      });
    throw error;
  }
}
