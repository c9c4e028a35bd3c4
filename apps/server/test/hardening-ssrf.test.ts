import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import type { ParzenClient } from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/index.js";
import { deniedAddressReason } from "../src/outbound/address-policy.js";
import { safeFetch, UnsafeUrlError } from "../src/outbound/safe-fetch.js";
import { teamAccess } from "./clients.js";

/** A real HTTP server on 127.0.0.1 that records what it was asked. */
async function local(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const SECRET = "internal-secret-metadata";
let internal: Awaited<ReturnType<typeof local>>;
let redirector: Awaited<ReturnType<typeof local>>;
let loop: Awaited<ReturnType<typeof local>>;
let echo: Awaited<ReturnType<typeof local>>;
beforeAll(async () => {
  internal = await local((_req, res) => res.writeHead(500, { "content-type": "text/plain" }).end(SECRET));
  echo = await local((req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(req.headers)),
  );
  redirector = await local((req, res) => {
    const to = req.url === "/to-echo" ? `${echo.url}/` : `${internal.url}/latest/meta-data`;
    res.writeHead(302, { location: to }).end();
  });
  loop = await local((_req, res) => res.writeHead(307, { location: "/again" }).end());
});
afterAll(async () => {
  for (const s of [internal, redirector, loop, echo]) await s?.close();
});

describe("the address policy", () => {
  it.each([
    ["127.0.0.1", /loopback/],
    ["::1", /loopback/],
    ["::127.0.0.1", /embeds 127\.0\.0\.1/],
    ["::ffff:127.0.0.1", /embeds 127\.0\.0\.1/],
    ["64:ff9b::7f00:1", /embeds 127\.0\.0\.1/],
    ["2002:7f00:1::", /embeds 127\.0\.0\.1/],
    ["2002:a9fe:a9fe::", /embeds 169\.254\.169\.254: .*linkLocal/],
    ["fec0::1", /fec0::1 is a/],
    ["fd00::1", /uniqueLocal/],
    ["fe80::1", /linkLocal/],
    ["198.18.0.1", /reserved|benchmarking/],
    ["169.254.169.254", /linkLocal/],
    ["10.1.2.3", /private/],
    ["100.64.0.1", /carrierGradeNat/],
    ["224.0.0.1", /multicast/],
    ["0.0.0.0", /unspecified/],
    ["2001::1", /teredo/],
  ])("refuses %s", (address, reason) => {
    expect(deniedAddressReason(address)).toMatch(reason);
  });

  it("refuses the host's own interface addresses, however public they look", () => {
    const own = Object.values(networkInterfaces())
      .flat()
      .map((entry) => entry?.address.split("%")[0])
      .filter((a): a is string => Boolean(a));
    for (const address of own) expect(deniedAddressReason(address), address).toBeDefined();
  });

  it.each(["93.184.216.34", "2606:4700:4700::1111", "64:ff9b::5db8:d822"])("allows public %s", (address) => {
    expect(deniedAddressReason(address)).toBeUndefined();
  });
});

describe("safeFetch", () => {
  it("refuses every internal address form in a URL, connecting to none", async () => {
    const fetchSafely = safeFetch({});
    const port = new URL(internal.url).port;
    for (const host of ["127.0.0.1", "localhost", "[::127.0.0.1]", "[::ffff:127.0.0.1]", "[::1]", "0x7f.1"]) {
      await expect(fetchSafely(`http://${host}:${port}/`), host).rejects.toBeInstanceOf(UnsafeUrlError);
    }
    expect(internal.seen).toHaveLength(0);
  });

  it("checks every redirect hop: a hop to loopback is refused and never requested", async () => {
    const fetchSafely = safeFetch({ allowedOrigins: [redirector.url] });
    const refused = await fetchSafely(`${redirector.url}/teacher`, { method: "POST", body: "{}" }).catch(
      (error: Error) => error,
    );
    expect(refused).toBeInstanceOf(UnsafeUrlError);
    expect((refused as Error).message).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect((refused as Error).message).not.toContain(SECRET);
    expect(internal.seen).toHaveLength(0);
  });

  it("stops after a bounded number of redirects", async () => {
    const fetchSafely = safeFetch({ allowedOrigins: [loop.url] });
    await expect(fetchSafely(`${loop.url}/`)).rejects.toThrow(/redirects more than 5 times/);
    expect(loop.seen).toHaveLength(6);
  });

  it("follows an allowed redirect without carrying credentials to another origin", async () => {
    const fetchSafely = safeFetch({ allowedOrigins: [redirector.url, echo.url] });
    const response = await fetchSafely(`${redirector.url}/to-echo`, {
      headers: { authorization: "Bearer secret", accept: "application/json" },
    });
    expect(response.status).toBe(200);
    const headers = (await response.json()) as Record<string, string>;
    expect(headers.authorization).toBeUndefined();
    expect(headers.accept).toBe("application/json");
  });
});

describe("teacher_predict_url through the API", () => {
  let server: RunningServer;
  let client: ParzenClient;
  let key: string;
  let datasetId: string;
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      trialWorkers: 1,
      allowedPrivateOrigins: [redirector.url, echo.url],
    });
    ({ client, key } = await teamAccess(server, "ssrf"));
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${(i * 7) % 5},${i % 2 ? "a" : "b"}`);
    const file = await client.files.upload(new TextEncoder().encode(`x,z,y\n${rows.join("\n")}\n`), {
      name: "t.csv",
    });
    datasetId = (await client.datasets.create({ name: "t", file_id: file.id })).id;
  });
  afterAll(() => server?.close());

  const submit = (url: string, headers?: Record<string, string>) =>
    fetch(`${server.url}/v1/trainer/run`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({
        dataset_id: datasetId,
        task: { label_column: "y" },
        teacher_predict_url: url,
        teacher_predict_headers: headers,
      }),
    });

  it("keeps teacher headers out of the job row in plain text, and still sends them", async () => {
    const response = await submit(`${echo.url}/predict`, { authorization: "Bearer teacher-credential-1234" });
    expect(response.status).toBe(202);
    const { job_id } = (await response.json()) as { job_id: string };
    const [row] = await server.db.query<{ request: unknown }>("SELECT request FROM jobs WHERE id = $1", [
      job_id,
    ]);
    expect(JSON.stringify(row.request)).not.toContain("teacher-credential-1234");
    await client.jobs.waitForCompletion(job_id, { timeoutMs: 120_000, intervalMs: 200 });
    expect(echo.seen.some((req) => req.headers.authorization === "Bearer teacher-credential-1234")).toBe(
      true,
    );
  });

  it.each([
    "http://[::127.0.0.1]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[2002:7f00:1::]/",
    "http://[fec0::1]/",
    "http://198.18.0.1/",
    "http://169.254.169.254/latest/meta-data",
  ])("refuses %s with a 400", async (url) => {
    const response = await submit(url);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unsafe_url");
  });

  it("fails a job whose allowed teacher redirects to loopback, without calling it or quoting it", async () => {
    const response = await submit(`${redirector.url}/predict`);
    expect(response.status).toBe(202);
    const { job_id } = (await response.json()) as { job_id: string };
    const job = await client.jobs.waitForCompletion(job_id, { timeoutMs: 120_000, intervalMs: 200 });
    expect(job.status).toBe("failed");
    expect(job.error?.message).toMatch(/loopback/);
    expect(job.error?.message).not.toContain(SECRET);
    expect(internal.seen).toHaveLength(0);
  });
});
