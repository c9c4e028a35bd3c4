/** The default `page_size` of every list (the spec's `PageSize`, as the seed SDK has it). */
export const DEFAULT_PAGE_SIZE = 10;

/** `createdAt` → `created_at`: lists accept either spelling of a field to order by. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * A list filter that may come as a repeated parameter (`a=1&a=2`) or as one comma-separated value (`a=1,2`):
 * the values, trimmed, without empties; undefined when the parameter is absent.
 */
export function listParam(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const values = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(","));
  return values.map((v) => v.trim()).filter(Boolean);
}

/** The spec's list parameters, validated by the route schema, with their defaults; `order_by` in snake_case. */
export function pageQuery(query: unknown): {
  page: number;
  pageSize: number;
  orderBy: string;
  orderDirection: "asc" | "desc";
} {
  const q = query as Record<string, string | number | undefined>;
  return {
    page: Number(q.page ?? 1),
    pageSize: Number(q.page_size ?? DEFAULT_PAGE_SIZE),
    orderBy: snakeCase(String(q.order_by ?? "created_at")),
    orderDirection: q.order_direction === "asc" ? "asc" : "desc",
  };
}
