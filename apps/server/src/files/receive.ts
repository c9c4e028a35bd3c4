import { randomUUID } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { ServerContext } from "../context.js";
import { HttpError } from "../http/errors.js";
import { checkText } from "../http/text-guard.js";
import { detectFileMime } from "./mime.js";
import { fileKey, getFile, type NewFile, type StoredFile } from "./repository.js";

/** An uploaded part, already in the blob store under `fileKey(file.id)`, with the form's text fields. */
export interface ReceivedUpload {
  file: NewFile;
  fields: Record<string, string>;
}

/** Every file part of a form (in the order sent), each already in the blob store, with the text fields. */
export interface ReceivedParts {
  files: NewFile[];
  fields: Record<string, string>;
}

/**
 * Streams the file parts named in `fileFields` (at most `maxFiles`) into the blob store, hashing, sizing and typing
 * each on the way, and collects the text fields. Too large a file is a 413, another file part a 400; either way
 * nothing stays behind.
 */
export async function receiveParts(
  request: FastifyRequest,
  ctx: ServerContext,
  options: { fileFields: string[]; maxFiles: number },
): Promise<ReceivedParts> {
  const named = options.fileFields.map((f) => `"${f}"`).join(" or ");
  if (!request.isMultipart()) {
    throw new HttpError(
      415,
      "unsupported_media_type",
      `Send the upload as multipart/form-data with ${named} part(s).`,
    );
  }
  const fields: Record<string, string> = {};
  const files: NewFile[] = [];
  try {
    for await (const part of request.parts({
      limits: { fileSize: ctx.uploadLimit, files: options.maxFiles, fieldSize: 1 << 20 },
    })) {
      if (part.type === "file") {
        if (!options.fileFields.includes(part.fieldname) || files.length >= options.maxFiles) {
          part.file.resume();
          throw new HttpError(
            400,
            "validation_error",
            `Unexpected file part "${part.fieldname}"; send at most ${options.maxFiles} part(s) named ${named}.`,
            [{ path: `body.${part.fieldname}`, message: "unexpected file part" }],
          );
        }
        if (part.filename) checkText(part.filename, `body.${part.fieldname} (its file name)`);
        const id = randomUUID();
        const stored = await ctx.blobs.write(fileKey(id), part.file, ctx.uploadLimit);
        const name = part.filename || "upload";
        files.push({
          id,
          name,
          size: stored.size,
          sha256: stored.sha256,
          mimeType: await detectFileMime(ctx.blobs.path(fileKey(id)), name),
          status: "ready",
        });
      } else {
        checkText(part.fieldname, "body (a field name)");
        checkText(String(part.value), `body.${part.fieldname}`);
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    await Promise.all(files.map((f) => ctx.blobs.remove(fileKey(f.id))));
    throw malformed(error) ?? error;
  }
  return { files, fields };
}

/**
 * The 400 for a body the multipart parser could not read (a boundary missing or not matching the body, a
 * truncated part, a bad part header), or undefined for any other failure. The parser reports these as plain errors.
 */
function malformed(error: unknown): HttpError | undefined {
  if (error instanceof HttpError || !(error instanceof Error)) return undefined;
  const status = (error as { statusCode?: number }).statusCode;
  if (status !== undefined && status < 500) return undefined;
  if (!/multipart|boundary|part header|unexpected end/i.test(error.message)) return undefined;
  return new HttpError(400, "malformed_multipart", `The multipart body cannot be read: ${error.message}.`, [
    { path: "body", message: error.message },
  ]);
}

/**
 * Streams the multipart part named `file` into the blob store (hashing and sizing it on the way) and collects the
 * text fields. Too large a file is a 413 and leaves nothing behind.
 */
export async function receiveMultipart(request: FastifyRequest, ctx: ServerContext): Promise<ReceivedUpload> {
  const { files, fields } = await receiveParts(request, ctx, { fileFields: ["file"], maxFiles: 1 });
  if (!files[0]) {
    throw new HttpError(400, "validation_error", "The form has no `file` part.", [
      { path: "body.file", message: "is required" },
    ]);
  }
  return { file: files[0], fields };
}

/** A ready file of the team by id, for operations that read an uploaded file (404 / 409 otherwise). */
export async function readyFile(
  ctx: ServerContext,
  teamId: string,
  id: string,
  path: string,
): Promise<StoredFile> {
  const file = await getFile(ctx.db, teamId, id);
  if (!file)
    throw new HttpError(404, "not_found", `No file ${id} in your team.`, [{ path, message: "not found" }]);
  if (file.status !== "ready") {
    throw new HttpError(409, "conflict", `File ${id} has no content yet (status ${file.status}).`, [
      { path, message: "upload not finished" },
    ]);
  }
  return file;
}
