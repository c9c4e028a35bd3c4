import { fieldError } from "../http/errors.js";
import { listParam } from "../http/paging.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A list filter of ids (`a&a` or `a,b`), each checked to be a UUID so the store never sees a malformed one. */
export function idsParam(value: unknown, name: string): string[] | undefined {
  const ids = listParam(value);
  ids?.forEach((id, i) => {
    if (!UUID.test(id)) throw fieldError(`query.${name}.${i}`, `"${id}" is not an id (a UUID)`);
  });
  return ids;
}

/** Whether a store error is a unique-constraint violation (PostgreSQL and PGlite both say 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown })?.code === "23505";
}

/** The spec's list ordering for pipeline resources: `createdAt` or `created_at`, ascending unless asked otherwise. */
export function pipelineOrder<T extends string>(
  query: unknown,
  allowed: readonly T[],
): { column: T; direction: "ASC" | "DESC" } {
  const q = query as { order_by?: string; order_direction?: string };
  const name = String(q.order_by ?? "created_at").replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) as T;
  return {
    column: allowed.includes(name) ? name : allowed[0],
    direction: q.order_direction === "desc" ? "DESC" : "ASC",
  };
}

/** `page` and `page_size` as the route schema validated them. */
export function pipelinePaging(query: unknown): { page: number; pageSize: number } {
  const q = query as { page?: number; page_size?: number };
  return { page: Number(q.page ?? 1), pageSize: Number(q.page_size ?? 10) };
}
