import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Database } from "../store/database.js";
import { HttpError } from "./errors.js";

const UNSAFE = new Set(["POST", "PATCH"]);

declare module "fastify" {
  interface FastifyRequest {
    /** Set when this request's answer should be stored under its Idempotency-Key. */
    idempotencyKey?: string;
  }
}

function keyOf(request: FastifyRequest): string | undefined {
  const value = request.headers["idempotency-key"];
  return typeof value === "string" && value.length > 0 && UNSAFE.has(request.method) && request.caller
    ? value
    : undefined;
}

/**
 * What makes two requests the same: method, path with query, and the validated JSON body. A multipart or raw
 * body is not read before the handler streams it, so such requests are fingerprinted by method and URL alone.
 */
function fingerprint(request: FastifyRequest): string {
  const body = request.body === undefined ? "" : JSON.stringify(request.body);
  return createHash("sha256").update(`${request.method} ${request.url}\n${body}`).digest("hex");
}

/**
 * Makes `POST` / `PATCH` with an `Idempotency-Key` safe to retry: the first answer (below 500) is stored per
 * team and key, and a repeat gets that answer again (`idempotent-replayed: true`) instead of acting twice.
 * Reusing a key for a different request (another method, path or body) is a 422 — never the first answer —
 * and a repeat while the first is still being handled is a 409.
 */
export function installIdempotency(app: FastifyInstance, db: Database): void {
  app.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
    const key = keyOf(request);
    if (!key) return;
    if (key.length > 255)
      throw new HttpError(400, "validation_error", "Idempotency-Key is longer than 255 characters.");
    const path = request.url.split("?")[0];
    const teamId = request.caller.teamId;
    // Claim the key first (status 0 = in progress), so two simultaneous first requests cannot both act. A claim
    // left by a process that died mid-request is taken over once it is a minute old.
    const print = fingerprint(request);
    const claimed = await db.query(
      `INSERT INTO idempotency_keys (team_id, key, method, path, status_code, body, fingerprint)
       VALUES ($1, $2, $3, $4, 0, '', $5)
       ON CONFLICT (team_id, key) DO UPDATE SET method = EXCLUDED.method, path = EXCLUDED.path,
         fingerprint = EXCLUDED.fingerprint, created_at = now()
         WHERE idempotency_keys.status_code = 0 AND idempotency_keys.created_at < now() - interval '60 seconds'
       RETURNING key`,
      [teamId, key, request.method, path, print],
    );
    if (claimed.length > 0) {
      request.idempotencyKey = key;
      return;
    }
    const [stored] = await db.query<{
      method: string;
      path: string;
      status_code: number;
      body: string;
      fingerprint: string;
    }>(
      "SELECT method, path, status_code, body, fingerprint FROM idempotency_keys WHERE team_id = $1 AND key = $2",
      [teamId, key],
    );
    if (stored.method !== request.method || stored.path !== path) {
      throw new HttpError(
        422,
        "idempotency_key_reused",
        `Idempotency-Key "${key}" was already used for ${stored.method} ${stored.path}; use a new key for a new request.`,
      );
    }
    // Keys stored before fingerprints existed have none: they keep the method-and-path check only.
    if (stored.fingerprint !== "" && stored.fingerprint !== print) {
      throw new HttpError(
        422,
        "idempotency_key_reused",
        `Idempotency-Key "${key}" was already used for ${stored.method} ${stored.path} with a different body; a retry must send the same request, and a new request needs a new key.`,
      );
    }
    if (stored.status_code === 0) {
      throw new HttpError(
        409,
        "conflict",
        `A request with Idempotency-Key "${key}" is still in progress; retry shortly.`,
      );
    }
    return reply
      .status(stored.status_code)
      .header("idempotent-replayed", "true")
      .type("application/json")
      .send(stored.body === "" ? undefined : stored.body);
  });

  app.addHook("onSend", async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const key = request.idempotencyKey;
    if (!key) return payload;
    if (reply.statusCode >= 500) {
      // A failure is not an answer to replay: free the key so a retry can act.
      await db.query("DELETE FROM idempotency_keys WHERE team_id = $1 AND key = $2 AND status_code = 0", [
        request.caller.teamId,
        key,
      ]);
      return payload;
    }
    await db.query(
      "UPDATE idempotency_keys SET status_code = $3, body = $4 WHERE team_id = $1 AND key = $2 AND status_code = 0",
      [request.caller.teamId, key, reply.statusCode, typeof payload === "string" ? payload : ""],
    );
    return payload;
  });
}
