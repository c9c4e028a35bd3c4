import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ServerContext } from "../context.js";
import type { ColumnSpec, ParsingOptions } from "../datasets/columns.js";
import { inferSchema, parquetToCsv } from "../datasets/ingest.js";
import { requestProcessing } from "../datasets/process.js";
import {
  currentSchema,
  type DatasetListQuery,
  deleteDataset,
  getDataset,
  getVersion,
  insertDataset,
  insertSchema,
  listDatasets,
  listVersions,
  setProcessingStatus,
  updateDataset,
  versionKey,
} from "../datasets/repository.js";
import { addVersion } from "../datasets/versions.js";
import { readyFile, receiveMultipart } from "../files/receive.js";
import { fileKey, insertFile, type StoredFile } from "../files/repository.js";
import { HttpError } from "../http/errors.js";
import { listParam, pageQuery } from "../http/paging.js";
import { specRoute } from "../http/spec.js";
import type { Queryable } from "../store/database.js";

const notFound = (id: string) => new HttpError(404, "not_found", `No dataset ${id} in your team.`);

/** The file a data or sample request points at: a multipart upload (stored as a file of the dataset) or `{file_id}`. */
async function sourceFile(
  request: FastifyRequest,
  ctx: ServerContext,
  datasetId: string,
): Promise<StoredFile> {
  const teamId = request.caller.teamId;
  if (!request.isMultipart()) {
    const { file_id } = request.body as { file_id: string };
    return readyFile(ctx, teamId, file_id, "body.file_id");
  }
  const { file, fields } = await receiveMultipart(request, ctx);
  try {
    return await insertFile(ctx.db, teamId, { ...file, name: fields.name || file.name, datasetId });
  } catch (error) {
    await ctx.blobs.remove(fileKey(file.id));
    throw error;
  }
}

/** `/v1/datasets`: datasets, their immutable Parquet versions, CSV download and schemas. */
export function datasetRoutes(ctx: ServerContext) {
  const { db } = ctx;
  const owned = async (request: FastifyRequest) => {
    const { dataset_id } = request.params as { dataset_id: string };
    const dataset = await getDataset(db, request.caller.teamId, dataset_id);
    if (!dataset) throw notFound(dataset_id);
    return dataset;
  };

  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("listDatasets"),
      handler: async (request) => {
        const q = request.query as { dataset_ids?: string[]; name?: string; name_like?: string };
        const paging = pageQuery(request.query);
        const ids = listParam(q.dataset_ids);
        const bad = ids?.find((id) => !/^[0-9a-f-]{36}$/i.test(id));
        if (bad) {
          throw new HttpError(400, "validation_error", `dataset_ids: "${bad}" is not a UUID.`, [
            { path: "query.dataset_ids", message: `"${bad}" is not a UUID` },
          ]);
        }
        return listDatasets(db, request.caller.teamId, {
          ...paging,
          orderBy: paging.orderBy as DatasetListQuery["orderBy"],
          ids,
          name: q.name,
          nameLike: q.name_like,
        });
      },
    });

    app.route({
      ...specRoute("createDataset"),
      handler: async (request, reply) => {
        const teamId = request.caller.teamId;
        const body = request.body as { name: string; description?: string | null; file_id?: string };
        const id = randomUUID();
        const create = (tx: Queryable) =>
          insertDataset(tx, teamId, { id, name: body.name, description: body.description });
        if (body.file_id) {
          const file = await readyFile(ctx, teamId, body.file_id, "body.file_id");
          await addVersion(ctx, id, file, create);
        } else await create(db);
        return reply.status(201).send(await getDataset(db, teamId, id));
      },
    });

    app.route({ ...specRoute("getDataset"), handler: owned });

    app.route({
      ...specRoute("updateDataset"),
      handler: async (request) => {
        const { dataset_id } = request.params as { dataset_id: string };
        const { should_process, ...patch } = request.body as {
          name?: string;
          description?: string | null;
          should_process?: boolean;
        };
        if (
          Object.keys(patch).length > 0 &&
          !(await updateDataset(db, request.caller.teamId, dataset_id, patch))
        )
          throw notFound(dataset_id);
        if (should_process) await requestProcessing(ctx, request.caller.teamId, await owned(request));
        return owned(request);
      },
    });

    app.route({
      ...specRoute("deleteDataset"),
      handler: async (request, reply) => {
        const { dataset_id } = request.params as { dataset_id: string };
        if (!(await deleteDataset(db, request.caller.teamId, dataset_id))) throw notFound(dataset_id);
        await ctx.blobs.remove(`datasets/${dataset_id}`);
        return reply.status(204).send();
      },
    });

    app.route({
      ...specRoute("uploadDatasetData"),
      handler: async (request, reply) => {
        const dataset = await owned(request);
        const file = await sourceFile(request, ctx, dataset.id);
        await setProcessingStatus(db, dataset.id, "processing");
        try {
          return reply.status(201).send(await addVersion(ctx, dataset.id, file));
        } catch (error) {
          // The upload is refused; the dataset stays as it was.
          await setProcessingStatus(db, dataset.id, dataset.processing_status);
          throw error;
        }
      },
    });

    app.route({
      ...specRoute("downloadDatasetData"),
      handler: async (request, reply) => {
        const dataset = await owned(request);
        const { version_id } = request.query as { version_id?: string };
        const versionId = version_id ?? dataset.current_version_id;
        const version = versionId && (await getVersion(db, dataset.id, versionId));
        if (!version) {
          throw new HttpError(
            404,
            "not_found",
            version_id
              ? `Dataset ${dataset.id} has no version ${version_id}.`
              : `Dataset ${dataset.id} has no data yet.`,
          );
        }
        const csv = await ctx.blobs.scratch(".csv");
        await parquetToCsv(ctx.blobs.path(versionKey(dataset.id, version.id)), csv);
        const stream = createReadStream(csv);
        stream.on("close", () => void rm(csv, { force: true }));
        const filename = `${dataset.name.replace(/[^\w.-]+/g, "_")}-v${version.version_no}.csv`;
        return reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="${filename}"`)
          .send(stream);
      },
    });

    app.route({
      ...specRoute("listDatasetVersions"),
      handler: async (request) => {
        const dataset = await owned(request);
        const paging = pageQuery({ order_by: "version_no", ...(request.query as object) });
        return listVersions(db, dataset.id, {
          ...paging,
          orderBy: paging.orderBy as "version_no" | "created_at",
        });
      },
    });

    app.route({
      ...specRoute("createDatasetSchema"),
      handler: async (request, reply) => {
        const dataset = await owned(request);
        const body = request.body as {
          columns: ColumnSpec[];
          parsing?: ParsingOptions;
          is_current?: boolean;
        };
        const seen = new Set<string>();
        body.columns.forEach((c, i) => {
          if (seen.has(c.name)) {
            throw new HttpError(400, "validation_error", `Column "${c.name}" is declared twice.`, [
              { path: `body.columns.${i}.name`, message: "duplicate column name" },
            ]);
          }
          seen.add(c.name);
        });
        const schema = await db.transaction((tx) =>
          insertSchema(tx, {
            id: randomUUID(),
            datasetId: dataset.id,
            columns: body.columns,
            parsing: body.parsing ?? {},
            isCurrent: body.is_current ?? true,
            source: "explicit",
          }),
        );
        return reply.status(201).send(schema);
      },
    });

    app.route({
      ...specRoute("createDatasetSchemaFromSample"),
      handler: async (request, reply) => {
        const dataset = await owned(request);
        const file = await sourceFile(request, ctx, dataset.id);
        const columns = await inferSchema(
          { path: ctx.blobs.path(fileKey(file.id)), mime: file.mime_type, name: file.name },
          {},
          ctx.limits,
        );
        const schema = await db.transaction((tx) =>
          insertSchema(tx, {
            id: randomUUID(),
            datasetId: dataset.id,
            columns,
            parsing: {},
            isCurrent: true,
            source: "sample",
          }),
        );
        return reply.status(201).send(schema);
      },
    });

    app.route({
      ...specRoute("getCurrentDatasetSchema"),
      handler: async (request) => {
        const dataset = await owned(request);
        const schema = await currentSchema(db, dataset.id);
        if (!schema) throw new HttpError(404, "not_found", `Dataset ${dataset.id} has no schema yet.`);
        return schema;
      },
    });
  };
}
