import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** Paths the console must never answer for: the API, its docs and the health probe keep their own 404s. */
const RESERVED = /^\/(v1|docs)(\/|$)/;

/**
 * Where the built console is: `dist/console` beside the server's own files (copied there by the server's
 * build), else the workspace's `apps/web/dist` when the server runs from its sources.
 */
export function defaultConsoleDir(): string | undefined {
  const candidates = [
    fileURLToPath(new URL("../console/", import.meta.url)),
    fileURLToPath(new URL("../../../web/dist/", import.meta.url)),
  ];
  return candidates.find((dir) => existsSync(join(dir, "index.html")));
}

/**
 * The console at `/`: its files as they are (hashed assets cached for a year), and `index.html` for every other
 * page path so the single-page app's own routes load on a reload (the SPA fallback). `/v1/*` and `/docs*` are
 * never answered here, and a missing file with an extension stays a 404.
 */
export function consoleRoutes(root: string) {
  return async (app: FastifyInstance): Promise<void> => {
    const index = await readFile(join(root, "index.html"), "utf8");
    // The console's files are public: signing in happens inside it. (Scoped to this plugin's routes.)
    app.addHook("onRoute", (route) => {
      route.config = { ...(route.config as object), public: true } as typeof route.config;
    });
    await app.register(fastifyStatic, {
      root,
      prefix: "/",
      wildcard: false,
      index: false,
      // Swagger UI registers this plugin too; the console serves index.html itself, so it needs no decorator.
      decorateReply: false,
      cacheControl: false,
      setHeaders(res, path) {
        res.setHeader("x-content-type-options", "nosniff");
        // Vite names the files under assets/ by their content hash, so they never change.
        const hashed = path.startsWith(join(root, "assets"));
        res.setHeader("cache-control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
      },
    });
    const page = async (request: { url: string }, reply: import("fastify").FastifyReply) => {
      const path = request.url.split("?")[0];
      if (RESERVED.test(path) || /\.[a-z0-9]+$/i.test(path)) return reply.callNotFound();
      return reply
        .header("cache-control", "no-cache")
        .header("x-content-type-options", "nosniff")
        .header("referrer-policy", "same-origin")
        .type("text/html; charset=utf-8")
        .send(index);
    };
    app.get("/", page);
    app.get("/*", page);
  };
}
