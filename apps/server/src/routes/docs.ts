import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { DOCS_PREFIX, spec } from "../http/spec.js";

/** `/docs`: the spec rendered by Swagger UI (assets from the npm package), and `/docs/json` the spec itself. */
export async function docsRoutes(app: FastifyInstance): Promise<void> {
  await app.register(swagger, { mode: "static", specification: { document: spec as never } });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
}
