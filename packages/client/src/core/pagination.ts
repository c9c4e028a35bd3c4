import { type Answer, APIPromise } from "./api-promise.js";

/** The `pagination` object of every list answer. */
export interface Pagination {
  page: number;
  page_size: number;
  total_items: number;
  total_pages: number;
}

/** Fetches page `n` of the same list (same filters and page size). */
export type PageLoader<T> = (page: number) => Promise<Page<T>>;

/**
 * One page of a list answer: `items` and `pagination` as the server sent them, plus the way to the next pages.
 * `for await (const item of page)` walks this page and every later one, fetching each only when needed.
 */
export class Page<T> implements AsyncIterable<T> {
  readonly items: T[];
  readonly pagination: Pagination;
  readonly #load: PageLoader<T>;

  constructor(items: T[], pagination: Pagination, load: PageLoader<T>) {
    this.items = items;
    this.pagination = pagination;
    this.#load = load;
  }

  hasNextPage(): boolean {
    return this.items.length > 0 && this.pagination.page < this.pagination.total_pages;
  }

  /** The next page; throws when there is none (check `hasNextPage()` first). */
  getNextPage(): Promise<Page<T>> {
    if (!this.hasNextPage()) throw new RangeError("This is the last page; check hasNextPage() first.");
    return this.#load(this.pagination.page + 1);
  }

  /** This page and every later one. */
  async *iterPages(): AsyncGenerator<Page<T>> {
    let page: Page<T> = this;
    yield page;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for await (const page of this.iterPages()) yield* page.items;
  }

  toJSON(): { items: T[]; pagination: Pagination } {
    return { items: this.items, pagination: this.pagination };
  }
}

/**
 * What a list method returns: `await` it for the first `Page`, or `for await` over it for every item of every
 * page.
 */
export class PagePromise<T> extends APIPromise<Page<T>> implements AsyncIterable<T> {
  constructor(answer: Promise<Answer<Page<T>>>) {
    super(answer);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    yield* await this;
  }
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
) => Promise<{ items: T[]; pagination: Pagination }>;

/** Walks every page of any list function, yielding its items one by one and fetching the next page only when needed. */
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
