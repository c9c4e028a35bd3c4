import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/index.js";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(() => server.close());

describe("/docs", () => {
  it("renders the spec without credentials", async () => {
    const page = await fetch(`${server.url}/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/swagger-ui/i);
    const json = (await (await fetch(`${server.url}/docs/json`)).json()) as {
      info: { title: string };
      paths: object;
    };
    expect(json.info.title).toBe("Parzen API");
    expect(Object.keys(json.paths)).toContain("/v1/jobs/{job_id}/cancel");
  });

  it('points "Try it out" at the server the page is served from, on whatever port', async () => {
    const json = (await (await fetch(`${server.url}/docs/json`)).json()) as { servers: { url: string }[] };
    const base = new URL(json.servers[0].url, `${server.url}/docs/json`);
    expect(base.origin).toBe(server.url);
    expect((await fetch(new URL("v1/health", base))).status).toBe(200);
  });
});
