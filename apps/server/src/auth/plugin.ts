import type { FastifyInstance, FastifyRequest } from "fastify";
import { HttpError } from "../http/errors.js";
import { DOCS_PREFIX } from "../http/spec.js";
import type { Database } from "../store/database.js";
import { type Caller, findCaller } from "./keys.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Set on every authenticated request. */
    caller: Caller;
  }
  interface FastifyContextConfig {
    /** Routes that need no API key. */
    public?: boolean;
  }
}

/** Requires `Authorization: Bearer <key>` on every route not marked public; 401 otherwise. */
export function installAuth(app: FastifyInstance, db: Database): void {
  app.decorateRequest("caller", null as unknown as Caller);
  app.addHook("onRequest", async (request: FastifyRequest) => {
    const url = request.routeOptions.url;
    if (
      request.routeOptions.config?.public ||
      !url ||
      url === DOCS_PREFIX ||
      url.startsWith(`${DOCS_PREFIX}/`)
    )
      return;
    const header = request.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HttpError(401, "unauthorized", "Send an API key as `Authorization: Bearer <key>`.");
    const caller = await findCaller(db, match[1]);
    if (!caller) throw new HttpError(401, "unauthorized", "Unknown or revoked API key.");
    request.caller = caller;
  });
}
