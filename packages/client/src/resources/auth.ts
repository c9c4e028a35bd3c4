import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import type { components } from "../generated/schema.js";

export type AuthToken = components["schemas"]["AuthToken"];

/**
 * `client.auth`: short-lived access tokens. A client made with `{ accessToken, refreshToken }` sends both, and
 * picks up the renewed access token the server returns once the old one has expired.
 *
 * @example
 * const tokens = await admin.auth.createToken({ expires_in: 600 });
 * const parzen = createClient({ accessToken: tokens.access_token, refreshToken: tokens.refresh_token });
 */
export class Auth extends APIResource {
  /** Exchanges this client's API key for an access token (default 15 minutes) and a refresh token. */
  createToken(body: { expires_in?: number } = {}, options?: RequestOptions): APIPromise<AuthToken> {
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/auth/tokens", { body: { grant_type: "api_key", ...body }, ...init }),
      options,
    );
  }

  /** Exchanges a refresh token for a new access token (no API key needed). */
  refreshToken(
    refreshToken: string,
    body: { expires_in?: number } = {},
    options?: RequestOptions,
  ): APIPromise<AuthToken> {
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/auth/tokens", {
          body: { grant_type: "refresh_token", refresh_token: refreshToken, ...body },
          ...init,
        }),
      { ...options, headers: { authorization: null, "refresh-token": null, ...options?.headers } },
    );
  }
}
