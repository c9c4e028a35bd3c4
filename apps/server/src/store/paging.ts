import type { Queryable, Row } from "./database.js";

/** The spec's `{items, pagination}` page of a query. */
export interface PageOf<T> {
  items: T[];
  pagination: { page: number; page_size: number; total_items: number; total_pages: number };
}

/**
 * Counts and fetches one page of `SELECT <select> FROM <from>` (`select` defaults to `t.*`), where `from` aliases the
 * listed table as `t` — joins allowed — and may carry a WHERE clause over `params`. `order` and `select` are trusted
 * SQL (built from the spec's enums, never from input).
 */
export async function pagedQuery<T>(
  db: Queryable,
  query: { from: string; params: unknown[]; order: string; page: number; pageSize: number; select?: string },
  map: (row: Row) => T,
): Promise<PageOf<T>> {
  const { from, params, order, page, pageSize } = query;
  const [{ count }] = await db.query<{ count: string | number }>(
    `SELECT count(*) AS count FROM ${from}`,
    params,
  );
  const total = Number(count);
  const rows = await db.query(
    `SELECT ${query.select ?? "t.*"} FROM ${from} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, pageSize, (page - 1) * pageSize],
  );
  return {
    items: rows.map(map),
    pagination: { page, page_size: pageSize, total_items: total, total_pages: Math.ceil(total / pageSize) },
  };
}
