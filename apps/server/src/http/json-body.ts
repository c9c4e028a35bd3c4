import type { FastifyInstance } from "fastify";
import { fieldError } from "./errors.js";
import { jsonTooDeep } from "./json-depth.js";

/**
 * Replaces Fastify's JSON body parser with one that first measures the nesting without parsing and refuses a body
 * deeper than `maxDepth` (a 400 naming `max_json_depth`), then parses as Fastify does (prototype poisoning refused).
 * Registered on the root instance, so every route's JSON body gets it.
 */
export function installJsonBody(app: FastifyInstance, maxDepth: number): void {
  const parse = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = body as string;
    if (jsonTooDeep(text, maxDepth)) {
      done(fieldError("body", `nests arrays and objects deeper than ${maxDepth} levels (max_json_depth)`));
      return;
    }
    parse(request, text, done);
  });
}
