import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClient, type Page, User } from "../src/index.js";
import { json, TestServer } from "./http-server.js";

const server = new TestServer();
const TOTAL = 23;
beforeAll(async () => {
  server.fallback = (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const page = Number(url.searchParams.get("page") ?? 1);
    const size = Number(url.searchParams.get("page_size") ?? 10);
    const items = Array.from({ length: Math.max(0, Math.min(size, TOTAL - (page - 1) * size)) }, (_, i) => ({
      id: `u${(page - 1) * size + i}`,
      email: `u${(page - 1) * size + i}@example.com`,
      full_name: null,
      nickname: null,
      team_id: "t",
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: "2026-01-01T00:00:00.000Z",
    }));
    json(res, 200, {
      items,
      pagination: { page, page_size: size, total_items: TOTAL, total_pages: Math.ceil(TOTAL / size) },
    });
  };
  await server.start();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

describe("list calls", () => {
  it("await gives the first page; for await walks every item of every page, lazily", async () => {
    const client = createClient({ baseUrl: server.url });
    const first: Page<User> = await client.users.list({ page_size: 10 });
    expect(first.items).toHaveLength(10);
    expect(first.items[0]).toBeInstanceOf(User);
    expect(first.hasNextPage()).toBe(true);
    server.reset();
    const ids: string[] = [];
    for await (const user of client.users.list({ page_size: 10, order_by: "createdAt" })) ids.push(user.id);
    expect(ids).toEqual(Array.from({ length: TOTAL }, (_, i) => `u${i}`));
    const pages = server.seen.map((s) => new URL(s.url, "http://x").searchParams);
    expect(pages.map((p) => p.get("page"))).toEqual([null, "2", "3"]);
    expect(pages.every((p) => p.get("order_by") === "createdAt" && p.get("page_size") === "10")).toBe(true);
  });

  it("stops fetching when the loop breaks", async () => {
    for await (const user of createClient({ baseUrl: server.url }).users.list({ page_size: 5 })) {
      if (user.id === "u6") break;
    }
    expect(server.seen).toHaveLength(2);
  });

  it("walks pages with iterPages and getNextPage", async () => {
    const page = await createClient({ baseUrl: server.url }).users.list({ page_size: 10 });
    const sizes: number[] = [];
    for await (const p of page.iterPages()) sizes.push(p.items.length);
    expect(sizes).toEqual([10, 10, 3]);
    const last = await (await page.getNextPage()).getNextPage();
    expect(last.hasNextPage()).toBe(false);
    expect(() => last.getNextPage()).toThrow(/last page/);
  });

  it("sends list filters as repeated parameters", async () => {
    await createClient({ baseUrl: server.url }).files.list({
      status: ["ready", "error"],
      file_hashes: ["a", "b"],
    });
    const query = new URL(server.seen[0].url, "http://x").searchParams;
    expect(query.getAll("status")).toEqual(["ready", "error"]);
    expect(query.getAll("file_hashes")).toEqual(["a", "b"]);
  });
});
