/** The spec's list parameters, validated by the route schema, with their defaults. */
export function pageQuery(query: unknown): {
  page: number;
  pageSize: number;
  orderBy: string;
  orderDirection: "asc" | "desc";
} {
  const q = query as Record<string, string | number | undefined>;
  return {
    page: Number(q.page ?? 1),
    pageSize: Number(q.page_size ?? 20),
    orderBy: String(q.order_by ?? "created_at"),
    orderDirection: q.order_direction === "asc" ? "asc" : "desc",
  };
}
