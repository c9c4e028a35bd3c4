import type { APIPromise } from "../core/api-promise.js";
import { download } from "../core/downloads.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import type { components, operations } from "../generated/schema.js";

export type Model = components["schemas"]["Model"];
export type ModelPage = components["schemas"]["ModelPage"];
export type PredictRequest = components["schemas"]["PredictRequest"];
export type PredictResponse = components["schemas"]["PredictResponse"];
export type ModelCreate = components["schemas"]["ModelCreate"];
export type ModelListQuery = NonNullable<operations["listModels"]["parameters"]["query"]>;

const path = (modelId: string) => ({ path: { model_id: modelId } });

/** `client.models`: trained models and their predictions. */
export class Models extends APIResource {
  /** Registers an uploaded ONNX file as a model, to serve it or teach with it. */
  create(body: ModelCreate, options?: RequestOptions): APIPromise<Model> {
    return this._client._request((init) => this._client.raw.POST("/v1/models", { body, ...init }), options);
  }

  retrieve(modelId: string, options?: RequestOptions): APIPromise<Model> {
    return this._client._request(
      (init) => this._client.raw.GET("/v1/models/{model_id}", { params: path(modelId), ...init }),
      options,
    );
  }

  /** One page of models; `for await` over the call walks every page. */
  list(query: ModelListQuery = {}, options?: RequestOptions): PagePromise<Model> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/models", {
          params: { query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (model) => model,
    );
  }

  /** Every model matching `query`, 100 a page. */
  listAll(
    query: Omit<ModelListQuery, "page" | "page_size"> = {},
    options: RequestOptions & { pageSize?: number } = {},
  ) {
    const { pageSize, ...call } = options;
    return this.list({ ...query, page_size: pageSize ?? 100 }, call);
  }

  /** Predicts rows given as records (`[{col: value}]`) or as `{samples, feature_names}` — the teacher wire format. */
  predict(
    modelId: string,
    rows: Record<string, unknown>[] | { samples: unknown[][]; feature_names: string[] },
    options?: RequestOptions,
  ): APIPromise<PredictResponse> {
    const body = (Array.isArray(rows) ? { records: rows } : rows) as PredictRequest;
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/models/{model_id}/predict", { params: path(modelId), body, ...init }),
      options,
    );
  }

  /** The model as ONNX bytes (preprocessing included), or with `path` (Node) streamed to that file. */
  downloadOnnx(modelId: string, options: RequestOptions & { path: string }): APIPromise<undefined>;
  downloadOnnx(modelId: string, options?: RequestOptions): APIPromise<Uint8Array>;
  downloadOnnx(
    modelId: string,
    options: RequestOptions & { path?: string } = {},
  ): APIPromise<Uint8Array | undefined> {
    return download(
      this._client,
      (init) => this._client.raw.GET("/v1/models/{model_id}/onnx", { params: path(modelId), ...init }),
      options,
    );
  }
}
