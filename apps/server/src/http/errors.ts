import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** A `{path, message}` entry of a validation error's details. */
export interface FieldError {
  path: string;
  message: string;
}

/** An error that maps to one HTTP status and error-envelope code; routes throw these for expected failures. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

/** A 400 whose message and details name the offending field path (`body.n_trials`, `query.dataset_ids`). */
export function fieldError(path: string, message: string, code = "validation_error"): HttpError {
  return new HttpError(400, code, `${path}: ${message}`, [{ path, message }]);
}

/** Writes the error envelope every 4xx/5xx answer carries. */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details: unknown = null,
): FastifyReply {
  return reply
    .status(status)
    .type("application/json")
    .send({ error: { code, message, details, request_id: String(reply.request.id) } });
}

const CODES: Record<number, string> = {
  400: "validation_error",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

/** Turns Fastify's validation entries into field paths like `body.task.label_column`. */
function fieldErrors(error: FastifyError): FieldError[] {
  // The spec names query parameters `query.<name>`.
  const context = error.validationContext === "querystring" ? "query" : (error.validationContext ?? "body");
  return (error.validation ?? []).map((entry) => {
    const pointer = entry.instancePath.split("/").filter(Boolean).join(".");
    const extra = entry.params as { missingProperty?: string; additionalProperty?: string };
    const path = [context, pointer, extra.missingProperty ?? extra.additionalProperty]
      .filter(Boolean)
      .join(".");
    return { path, message: entry.message ?? "is invalid" };
  });
}

/** Installs the error envelope for thrown errors and unknown routes, so no bad input ever answers 500. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof HttpError)
      return sendError(reply, error.statusCode, error.code, error.message, error.details);
    if (error.validation) {
      const details = fieldErrors(error);
      const summary = details.map((d) => `${d.path} ${d.message}`).join("; ");
      return sendError(reply, 400, "validation_error", summary || error.message, details);
    }
    const status = error.statusCode ?? 500;
    if (status < 500) return sendError(reply, status, CODES[status] ?? "bad_request", error.message);
    request.log.error({ err: error }, "request failed");
    return sendError(reply, 500, "internal_error", "The server failed to handle this request.");
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, "not_found", `No route for ${request.method} ${request.url.split("?")[0]}.`),
  );
}
