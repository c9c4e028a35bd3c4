import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Page, paginate } from "../src/index.js";
import { json, TestServer } from "./http-server.js";

const server = new TestServer();
const TOTAL = 250;
beforeAll(async () => {
  server.fallback = (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const page = Number(url.searchParams.get("page"));
    const size = Number(url.searchParams.get("page_size"));
    const total = Number(url.searchParams.get("total") ?? TOTAL);
    const items = Array.from({ length: Math.max(0, Math.min(size, total - (page - 1) * size)) }, (_, i) => ({
      n: (page - 1) * size + i,
    }));
    json(res, 200, {
      items,
      pagination: { page, page_size: size, total_items: total, total_pages: Math.ceil(total / size) },
    });
  };
  await server.start();
});
afterAll(() => server.stop());
beforeEach(() => {
  server.reset();
});

function lister(total = TOTAL) {
  return async (query: { page: number; page_size: number }, signal?: AbortSignal) => {
    const res = await fetch(
      `${server.url}/v1/items?page=${query.page}&page_size=${query.page_size}&total=${total}`,
      {
        signal,
      },
    );
    return (await res.json()) as Page<{ n: number }>;
  };
}

describe("paginate", () => {
  it("walks every page in order", async () => {
    const seen: number[] = [];
    for await (const item of paginate(lister(), { pageSize: 100 })) seen.push(item.n);
    expect(seen).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
    expect(server.seen.map((s) => new URL(s.url, "http://x").searchParams.get("page"))).toEqual([
      "1",
      "2",
      "3",
    ]);
  });

  it("fetches lazily: breaking early stops the requests", async () => {
    for await (const item of paginate(lister(), { pageSize: 10 })) {
      if (item.n === 12) break;
    }
    expect(server.seen).toHaveLength(2);
  });

  it("handles an empty list with one request", async () => {
    const items = [];
    for await (const item of paginate(lister(0))) items.push(item);
    expect(items).toEqual([]);
    expect(server.seen).toHaveLength(1);
  });

  it("refuses a page size the API would refuse", async () => {
    await expect(paginate(lister(), { pageSize: 101 }).next()).rejects.toThrow(/pageSize/);
  });

  it("stops when the signal aborts", async () => {
    const controller = new AbortController();
    const walk = paginate(lister(), { pageSize: 10, signal: controller.signal });
    await walk.next();
    controller.abort();
    for (let i = 0; i < 9; i++) await walk.next();
    await expect(walk.next()).rejects.toThrow();
    expect(server.seen).toHaveLength(1);
  });
});
