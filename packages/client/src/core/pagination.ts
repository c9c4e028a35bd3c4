/** The `pagination` object of every list answer. */
export interface Pagination {
  page: number;
  page_size: number;
  total_items: number;
  total_pages: number;
}

/** One page of a list answer. */
export interface Page<T> {
  items: T[];
  pagination: Pagination;
}

export interface PaginateOptions {
  /** Items per request (1–100). */
  pageSize?: number;
  /** First page to fetch (1-based). */
  startPage?: number;
  signal?: AbortSignal;
}

/** Fetches one page: the wrapper passes the page number and size, the list endpoint answers. */
export type PageFetcher<T> = (
  query: { page: number; page_size: number },
  signal?: AbortSignal,
) => Promise<Page<T>>;

/** Walks every page of a list, yielding its items one by one and fetching the next page only when needed. */
export async function* paginate<T>(
  fetchPage: PageFetcher<T>,
  options: PaginateOptions = {},
): AsyncGenerator<T> {
  const pageSize = options.pageSize ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    throw new RangeError(`pageSize must be an integer from 1 to 100, got ${pageSize}`);
  }
  for (let page = options.startPage ?? 1; ; page++) {
    options.signal?.throwIfAborted();
    const answer = await fetchPage({ page, page_size: pageSize }, options.signal);
    yield* answer.items;
    if (answer.items.length === 0 || page >= answer.pagination.total_pages) return;
  }
}
