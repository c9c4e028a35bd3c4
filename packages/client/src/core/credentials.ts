/** How credentials travel in `Authorization`: `Bearer <credential>` (default) or `Token <credential>`. */
export type AuthScheme = "Bearer" | "Token";

export interface CredentialOptions {
  /** A long-lived API key (`pz_…`). */
  apiKey?: string;
  /** A short-lived access token (`POST /v1/auth/tokens`); sent instead of the API key when given. */
  accessToken?: string;
  /** Sent as the `refresh-token` header beside an access token, so the server can renew it once expired. */
  refreshToken?: string;
  scheme?: AuthScheme;
  /** Called when the server hands out a renewed access token (to persist it, for instance). */
  onAccessToken?: (token: string, expiresAt: string | null) => void;
}

/**
 * The credentials the client sends, read at every attempt: a renewed access token that arrives in an answer's
 * `access-token` header is used from the next request on, with no action from the caller.
 */
export class Credentials {
  private accessToken: string | undefined;
  private readonly refreshToken: string | undefined;

  constructor(private readonly options: CredentialOptions) {
    this.accessToken = options.accessToken;
    this.refreshToken = options.refreshToken;
  }

  /** The access token in use (after any renewal), if the client works with tokens. */
  get currentAccessToken(): string | undefined {
    return this.accessToken;
  }

  /** Sets the authorization headers the request does not set itself. */
  apply(headers: Headers): void {
    const credential = this.accessToken ?? this.options.apiKey;
    if (credential && !headers.has("authorization"))
      headers.set("authorization", `${this.options.scheme ?? "Bearer"} ${credential}`);
    if (this.accessToken && this.refreshToken && !headers.has("refresh-token"))
      headers.set("refresh-token", this.refreshToken);
  }

  /** Takes up a renewed access token from an answer's `access-token` header. */
  observe(response: Response): void {
    const renewed = response.headers.get("access-token");
    if (!renewed || renewed === this.accessToken || !this.accessToken) return;
    this.accessToken = renewed;
    this.options.onAccessToken?.(renewed, response.headers.get("access-token-expires-at"));
  }
}
