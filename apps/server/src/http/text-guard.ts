import type { FastifyInstance, FastifyRequest } from "fastify";
import { fieldError } from "./errors.js";

// A high surrogate not followed by a low one, or a low one not preceded by a high one: not text in any encoding.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be stored as text (PostgreSQL refuses NUL; a lone surrogate has no UTF-8 form), if it can't. */
export function unstorableText(value: string): string | undefined {
  if (value.includes("\u0000")) return "contains a NUL character (U+0000), which text cannot hold";
  if (LONE_SURROGATE.test(value))
    return "contains an unpaired UTF-16 surrogate (such as \\ud800), which is not text";
  return undefined;
}

/** Throws a 400 naming `path` when the string cannot be stored as text. */
export function checkText(value: string, path: string): void {
  const reason = unstorableText(value);
  if (reason) throw fieldError(path, reason);
}

/** Checks every string (and object key) of a parsed value, depth first, naming the first bad one's path. */
export function checkTextDeep(value: unknown, path: string): void {
  if (typeof value === "string") {
    checkText(value, path);
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) checkTextDeep(item, `${path}.${i}`);
    return;
  }
  if (value === null || typeof value !== "object" || Buffer.isBuffer(value)) return;
  for (const [key, item] of Object.entries(value)) {
    checkText(key, `${path} (a key)`);
    checkTextDeep(item, `${path}.${key}`);
  }
}

/**
 * Refuses, for every route, a query parameter, path parameter or JSON body field holding text the stores cannot
 * keep (NUL, lone surrogates): a 400 naming the field instead of a database error. Multipart fields are checked
 * where they are read (`files/receive.ts`).
 */
export function installTextGuard(app: FastifyInstance): void {
  app.addHook("preValidation", async (request: FastifyRequest) => {
    checkTextDeep(request.params, "params");
    checkTextDeep(request.query, "query");
    if (request.body !== undefined && typeof request.body === "object") checkTextDeep(request.body, "body");
    else if (typeof request.body === "string") checkText(request.body, "body");
  });
}
