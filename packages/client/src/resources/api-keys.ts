import type { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import type { components, operations } from "../generated/schema.js";

export type ApiKey = components["schemas"]["ApiKey"];
export type ApiKeyCreated = components["schemas"]["ApiKeyCreated"];
export type ApiKeyCreate = components["schemas"]["ApiKeyCreate"];
export type ApiKeyListQuery = NonNullable<operations["listApiKeys"]["parameters"]["query"]>;

const path = (id: string) => ({ path: { api_key_id: id } });

/** `client.apiKeys`: the API keys of your team. A key's secret is in the `create` answer only. */
export class ApiKeys extends APIResource {
  /** Issues a key for you in `team_id` (default: the calling key's team); keep `key` from the answer. */
  create(body: ApiKeyCreate, options?: RequestOptions): APIPromise<ApiKeyCreated> {
    return this._client._request((init) => this._client.raw.POST("/v1/api-keys", { body, ...init }), options);
  }

  /** One page of your team's keys (never their secrets); `for await` over the call walks every page. */
  list(query: ApiKeyListQuery = {}, options?: RequestOptions): PagePromise<ApiKey> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/api-keys", {
          params: { query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (key) => key,
    );
  }

  retrieve(apiKeyId: string, options?: RequestOptions): APIPromise<ApiKey> {
    return this._client._request(
      (init) => this._client.raw.GET("/v1/api-keys/{api_key_id}", { params: path(apiKeyId), ...init }),
      options,
    );
  }

  /** Revokes a key and every token issued with it; it stops working at once. */
  revoke(apiKeyId: string, options?: RequestOptions): APIPromise<void> {
    return this._client._request(
      (init) => this._client.raw.DELETE("/v1/api-keys/{api_key_id}", { params: path(apiKeyId), ...init }),
      options,
      () => undefined,
    );
  }
}
