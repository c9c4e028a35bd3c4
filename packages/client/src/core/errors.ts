/** The error envelope every Parzen error response carries. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
  request_id?: string;
}

/** Base class of every error the client throws. */
export class ParzenError extends Error {
  override name = "ParzenError";
}

/** The server answered with a non-2xx status. */
export class APIError extends ParzenError {
  override name = "APIError";
  /** HTTP status code. */
  readonly status: number;
  /** Machine-readable code from the error envelope (`validation_error`, `not_found`, ...). */
  readonly code: string;
  /** The request id to quote when reporting a problem. */
  readonly requestId: string | undefined;
  /** Structured context, e.g. a list of `{path, message}` for validation errors. */
  readonly details: unknown;
  /** Response headers, e.g. `retry-after`. */
  readonly headers: Headers;

  constructor(status: number, body: ErrorBody | undefined, headers: Headers, fallbackMessage?: string) {
    super(body?.message ?? fallbackMessage ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.code ?? "http_error";
    this.requestId = body?.request_id ?? headers.get("x-request-id") ?? undefined;
    this.details = body?.details;
    this.headers = headers;
  }
}

export class ValidationError extends APIError {
  override name = "ValidationError";
}
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}
export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
}
export class NotFoundError extends APIError {
  override name = "NotFoundError";
}
export class ConflictError extends APIError {
  override name = "ConflictError";
}
export class PayloadTooLargeError extends APIError {
  override name = "PayloadTooLargeError";
}
export class RateLimitError extends APIError {
  override name = "RateLimitError";
}
export class InternalServerError extends APIError {
  override name = "InternalServerError";
}

/** The request never got an HTTP answer (refused, reset, DNS failure). */
export class APIConnectionError extends ParzenError {
  override name = "APIConnectionError";
  constructor(message = "Connection error.", options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** No answer arrived within `timeoutMs`. */
export class APITimeoutError extends APIConnectionError {
  override name = "APITimeoutError";
  constructor(timeoutMs: number) {
    super(`Request timed out after ${timeoutMs} ms.`);
  }
}

/** The caller's AbortSignal fired. */
export class APIUserAbortError extends ParzenError {
  override name = "APIUserAbortError";
  constructor(options?: { cause?: unknown }) {
    super("Request was aborted.", options);
  }
}

/** Builds the error class that matches an HTTP status. */
export function errorForStatus(status: number, body: ErrorBody | undefined, headers: Headers): APIError {
  switch (status) {
    case 400:
    case 422:
      return new ValidationError(status, body, headers);
    case 401:
      return new AuthenticationError(status, body, headers);
    case 403:
      return new PermissionDeniedError(status, body, headers);
    case 404:
      return new NotFoundError(status, body, headers);
    case 409:
      return new ConflictError(status, body, headers);
    case 413:
      return new PayloadTooLargeError(status, body, headers);
    case 429:
      return new RateLimitError(status, body, headers);
    default:
      return status >= 500
        ? new InternalServerError(status, body, headers)
        : new APIError(status, body, headers);
  }
}

/** Reads the error envelope from a failed response, tolerating bodies that are not JSON. */
export async function errorFromResponse(response: Response): Promise<APIError> {
  const text = await response.text().catch(() => "");
  let body: ErrorBody | undefined;
  try {
    const parsed = JSON.parse(text) as { error?: ErrorBody };
    if (parsed && typeof parsed.error === "object") body = parsed.error;
  } catch {
    // Not JSON: a proxy's HTML page, for instance. Keep a short excerpt as the message.
  }
  if (!body && text) {
    body = { code: "http_error", message: `HTTP ${response.status}: ${text.slice(0, 200)}` };
  }
  return errorForStatus(response.status, body, response.headers);
}
