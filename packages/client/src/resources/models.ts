import type { Client } from "openapi-fetch";
import { paginate } from "../core/pagination.js";
import type { components, operations, paths } from "../generated/schema.js";

export type Model = components["schemas"]["Model"];
export type ModelPage = components["schemas"]["ModelPage"];
export type PredictRequest = components["schemas"]["PredictRequest"];
export type PredictResponse = components["schemas"]["PredictResponse"];
export type ModelCreate = components["schemas"]["ModelCreate"];
export type ModelListQuery = NonNullable<operations["listModels"]["parameters"]["query"]>;
type Options = { signal?: AbortSignal };

/** `client.models`: trained models and their predictions. */
export class Models {
  constructor(private readonly raw: Client<paths>) {}

  /** Registers an uploaded ONNX file as a model, to serve it or teach with it. */
  async create(body: ModelCreate, options: Options & { idempotencyKey?: string } = {}): Promise<Model> {
    const { data } = await this.raw.POST("/v1/models", {
      body,
      headers: options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {},
      signal: options.signal,
    });
    return data as Model;
  }

  async retrieve(modelId: string, options: Options = {}): Promise<Model> {
    const { data } = await this.raw.GET("/v1/models/{model_id}", {
      params: { path: { model_id: modelId } },
      signal: options.signal,
    });
    return data as Model;
  }

  async list(query: ModelListQuery = {}, options: Options = {}): Promise<ModelPage> {
    const { data } = await this.raw.GET("/v1/models", { params: { query }, signal: options.signal });
    return data as ModelPage;
  }

  listAll(
    query: Omit<ModelListQuery, "page" | "page_size"> = {},
    options: { pageSize?: number; signal?: AbortSignal } = {},
  ) {
    return paginate<Model>((page, signal) => this.list({ ...query, ...page }, { signal }), options);
  }

  /**
   * Predicts rows given as records (`[{col: value}]`) or as `{samples, feature_names}` — the teacher wire format.
   */
  async predict(
    modelId: string,
    rows: Record<string, unknown>[] | { samples: unknown[][]; feature_names: string[] },
    options: Options = {},
  ): Promise<PredictResponse> {
    const body = Array.isArray(rows) ? { records: rows } : rows;
    const { data } = await this.raw.POST("/v1/models/{model_id}/predict", {
      params: { path: { model_id: modelId } },
      body: body as PredictRequest,
      signal: options.signal,
    });
    return data as PredictResponse;
  }

  /** The model as ONNX bytes (preprocessing included); with `path` (Node) also written there. */
  async downloadOnnx(modelId: string, options: Options & { path?: string } = {}): Promise<Uint8Array> {
    const { data } = await this.raw.GET("/v1/models/{model_id}/onnx", {
      params: { path: { model_id: modelId } },
      parseAs: "arrayBuffer",
      signal: options.signal,
    });
    const bytes = new Uint8Array(data as ArrayBuffer);
    if (options.path) await (await import("node:fs/promises")).writeFile(options.path, bytes);
    return bytes;
  }
}
