import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.js";
import { getDataset } from "../datasets/repository.js";
import { ACCEPTS_BYTES, receiveSignedBytes, statusFilter } from "../files/lifecycle.js";
import { detectMime } from "../files/mime.js";
import { receiveMultipart } from "../files/receive.js";
import {
  deleteFile,
  type FileListQuery,
  fileKey,
  getFile,
  getFileForUpload,
  insertFile,
  listFiles,
  updateFile,
} from "../files/repository.js";
import { HttpError } from "../http/errors.js";
import { listParam, pageQuery } from "../http/paging.js";
import { publicOrigin } from "../http/public-url.js";
import { specRoute } from "../http/spec.js";

/** How long a signed upload URL stays valid. */
const UPLOAD_URL_TTL_S = 15 * 60;

const notFound = (id: string) => new HttpError(404, "not_found", `No file ${id} in your team.`);

async function checkDataset(ctx: ServerContext, teamId: string, id: string | null | undefined, path: string) {
  if (!id) return;
  if (!(await getDataset(ctx.db, teamId, id))) {
    throw new HttpError(404, "not_found", `No dataset ${id} in your team.`, [{ path, message: "not found" }]);
  }
}

function parseMetadata(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new HttpError(400, "validation_error", "metadata must be a JSON object.", [
      { path: "body.metadata", message: "must be a JSON object" },
    ]);
  }
  return value as Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/v1/files`: multipart and signed-URL uploads, listing with filters, download, update and delete. */
export function fileRoutes(ctx: ServerContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("listFiles"),
      handler: async (request) => {
        const q = request.query as {
          dataset_id?: string;
          status?: string[];
          mime_type?: string;
          file_hashes?: string[];
        };
        const paging = pageQuery(request.query);
        return listFiles(ctx.db, request.caller.teamId, {
          ...paging,
          orderBy: paging.orderBy as FileListQuery["orderBy"],
          datasetId: q.dataset_id,
          statuses: statusFilter(q.status),
          mimeType: q.mime_type,
          hashes: listParam(q.file_hashes)?.map((h) => h.toLowerCase()),
        });
      },
    });

    app.route({
      ...specRoute("uploadFile"),
      handler: async (request, reply) => {
        const teamId = request.caller.teamId;
        const { file, fields } = await receiveMultipart(request, ctx);
        try {
          const datasetId = fields.dataset_id || null;
          if (datasetId && !UUID.test(datasetId)) {
            throw new HttpError(400, "validation_error", "dataset_id must be a UUID.", [
              { path: "body.dataset_id", message: "must be a UUID" },
            ]);
          }
          await checkDataset(ctx, teamId, datasetId, "body.dataset_id");
          const stored = await insertFile(ctx.db, teamId, {
            ...file,
            name: fields.name || file.name,
            datasetId,
            metadata: parseMetadata(fields.metadata),
          });
          return reply.status(201).send(stored);
        } catch (error) {
          await ctx.blobs.remove(fileKey(file.id));
          throw error;
        }
      },
    });

    app.route({
      ...specRoute("createFileUploadUrl"),
      handler: async (request, reply) => {
        const teamId = request.caller.teamId;
        const body = request.body as {
          filename: string;
          file_size: number;
          mime_type?: string;
          dataset_id?: string;
          metadata?: Record<string, unknown>;
        };
        if (body.file_size > ctx.uploadLimit) {
          throw new HttpError(
            413,
            "payload_too_large",
            `file_size ${body.file_size} exceeds the limit of ${ctx.uploadLimit} bytes.`,
            [{ path: "body.file_size", message: `at most ${ctx.uploadLimit}` }],
          );
        }
        await checkDataset(ctx, teamId, body.dataset_id, "body.dataset_id");
        const file = await insertFile(ctx.db, teamId, {
          id: randomUUID(),
          name: body.filename,
          mimeType: body.mime_type ?? detectMime(Buffer.alloc(0), body.filename),
          mimeGiven: body.mime_type !== undefined,
          size: body.file_size,
          sha256: null,
          status: "pending_upload",
          datasetId: body.dataset_id,
          metadata: body.metadata,
        });
        const expires = Math.floor(Date.now() / 1000) + UPLOAD_URL_TTL_S;
        const signature = ctx.signer.sign(file.id, expires);
        const origin = publicOrigin(request, ctx.publicUrl);
        return reply.status(201).send({
          file,
          upload_url: `${origin}/v1/files/${file.id}/upload?expires=${expires}&signature=${signature}`,
          method: "PUT",
          expires_at: new Date(expires * 1000).toISOString(),
        });
      },
    });

    // The signed PUT takes raw bytes of any type: a scope of its own keeps that parser off the JSON routes.
    await app.register(async (raw) => {
      raw.removeAllContentTypeParsers();
      raw.addContentTypeParser("*", (_request, _payload, done) => done(null));
      raw.route({
        ...specRoute("putFileContent"),
        handler: async (request) => {
          const { file_id } = request.params as { file_id: string };
          const { expires, signature } = request.query as { expires: number; signature: string };
          const verdict = ctx.signer.verify(file_id, expires, signature);
          if (verdict !== "ok") {
            throw new HttpError(
              403,
              "forbidden",
              verdict === "expired"
                ? "The upload URL has expired."
                : "The upload URL's signature is not valid.",
            );
          }
          const found = await getFileForUpload(ctx.db, file_id);
          if (!found) throw notFound(file_id);
          if (!(ACCEPTS_BYTES as readonly string[]).includes(found.file.status)) {
            throw new HttpError(409, "conflict", `File ${file_id} already has its content.`);
          }
          const expected = found.file.file_size;
          const declared = request.headers["content-length"];
          if (declared !== undefined && Number(declared) !== expected) {
            throw new HttpError(
              400,
              "validation_error",
              `Expected exactly ${expected} bytes, the request declares ${declared}.`,
              [{ path: "headers.content-length", message: `must be ${expected}` }],
            );
          }
          return receiveSignedBytes(ctx, found.file, found.mimeGiven, request.raw);
        },
      });
    });

    app.route({
      ...specRoute("getFile"),
      handler: async (request) => {
        const { file_id } = request.params as { file_id: string };
        const file = await getFile(ctx.db, request.caller.teamId, file_id);
        if (!file) throw notFound(file_id);
        return file;
      },
    });

    app.route({
      ...specRoute("updateFile"),
      handler: async (request) => {
        const { file_id } = request.params as { file_id: string };
        const body = request.body as {
          name?: string;
          dataset_id?: string | null;
          metadata?: Record<string, unknown>;
        };
        await checkDataset(ctx, request.caller.teamId, body.dataset_id, "body.dataset_id");
        const file = await updateFile(ctx.db, request.caller.teamId, file_id, body);
        if (!file) throw notFound(file_id);
        return file;
      },
    });

    app.route({
      ...specRoute("deleteFile"),
      handler: async (request, reply) => {
        const { file_id } = request.params as { file_id: string };
        if (!(await deleteFile(ctx.db, request.caller.teamId, file_id))) throw notFound(file_id);
        await ctx.blobs.remove(fileKey(file_id));
        return reply.status(204).send();
      },
    });

    app.route({
      ...specRoute("downloadFile"),
      handler: async (request, reply) => {
        const { file_id } = request.params as { file_id: string };
        const file = await getFile(ctx.db, request.caller.teamId, file_id);
        if (!file) throw notFound(file_id);
        if (file.status !== "ready")
          throw new HttpError(409, "conflict", `File ${file_id} has no content yet.`);
        // A stored type that could not be a header (rows from before the spec's pattern) is served as bytes.
        const type = /^[\x21-\x7e][\x20-\x7e]*$/.test(file.mime_type)
          ? file.mime_type
          : "application/octet-stream";
        return reply
          .type(type)
          .header("content-length", file.file_size)
          .header("content-disposition", `attachment; filename="${encodeURIComponent(file.name)}"`)
          .send(ctx.blobs.read(fileKey(file_id)));
      },
    });
  };
}
