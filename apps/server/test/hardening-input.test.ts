import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spec } from "../src/http/spec.js";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";

let server: RunningServer;
let key: string;
beforeAll(async () => {
  server = await startServer({ port: 0 });
  key = (await createTeamWithUser(server.db, { team: "hostile", email: "hostile@example.com" })).key;
});
afterAll(() => server.close());

const call = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string>) },
  });
const postJson = (path: string, text: string) =>
  call(path, { method: "POST", headers: { "content-type": "application/json" }, body: text });

interface ErrorBody {
  error: { code: string; message: string; details: { path: string; message: string }[] | null };
}
async function expect400(response: Response, pattern: RegExp): Promise<ErrorBody> {
  const body = (await response.json()) as ErrorBody;
  expect(response.status, JSON.stringify(body)).toBe(400);
  expect(body.error.message).toMatch(pattern);
  return body;
}

describe("text the stores cannot hold is a 400 naming the field", () => {
  it("refuses a NUL byte in a JSON field", async () => {
    await expect400(await postJson("/v1/teams", JSON.stringify({ name: "a\u0000b" })), /body\.name: .*NUL/);
  });

  it("refuses a lone surrogate in a JSON field", async () => {
    await expect400(await postJson("/v1/teams", '{"name":"a\\ud800b"}'), /body\.name: .*surrogate/);
  });

  it("refuses a NUL byte in a query parameter", async () => {
    await expect400(await call("/v1/jobs?kind=a%00b"), /query\.kind: .*NUL/);
  });

  it("refuses a NUL byte in a multipart file name and field", async () => {
    const form = new FormData();
    form.append("file", new Blob(["a,b\n1,2\n"]), "x\u0000.csv");
    await expect400(await call("/v1/files", { method: "POST", body: form }), /body\.file .*NUL/);
    const named = new FormData();
    named.append("name", "n\u0000");
    named.append("file", new Blob(["a,b\n1,2\n"]), "x.csv");
    await expect400(await call("/v1/files", { method: "POST", body: named }), /body\.name: .*NUL/);
    expect(await server.db.query("SELECT id FROM files")).toHaveLength(0);
  });
});

describe("page numbers beyond what the database holds", () => {
  // Every list operation of the spec that takes `page`, with no path parameters to fill in.
  const lists = Object.entries(spec.paths)
    .filter(
      ([path, item]) =>
        !path.includes("{") && (item.get?.parameters ?? []).some((p) => p.$ref?.endsWith("/Page")),
    )
    .map(([path]) => path);

  it("covers the lists", () => expect(lists.length).toBeGreaterThan(5));

  it.each(["1e400", "100000000000000000000", "1000001"])("page=%s is a 400 on every list", async (page) => {
    for (const path of lists) {
      const response = await call(`${path}?page=${page}`);
      expect(response.status, path).toBe(400);
      expect(((await response.json()) as ErrorBody).error.message).toMatch(/query\.page/);
    }
  });
});

describe("malformed multipart bodies", () => {
  const part = '--yyy\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\na,b\r\n';
  it.each([
    ["a boundary that does not match the body", "multipart/form-data; boundary=zzz", `${part}--yyy--\r\n`],
    ["no boundary", "multipart/form-data", "hello"],
    ["a truncated body", "multipart/form-data; boundary=yyy", part],
  ])("%s is a 400", async (_label, contentType, text) => {
    const response = await call("/v1/files", {
      method: "POST",
      headers: { "content-type": contentType },
      body: text,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.code).toBe("malformed_multipart");
    expect(await server.db.query("SELECT id FROM files WHERE name = 'a.csv'")).toHaveLength(0);
  });
});

describe("ids in upper case", () => {
  it("name the same file as in lower case", async () => {
    const form = new FormData();
    form.append("file", new Blob(["a,b\n1,2\n"]), "up.csv");
    const file = (await (await call("/v1/files", { method: "POST", body: form })).json()) as { id: string };
    const upper = file.id.toUpperCase();
    const content = await call(`/v1/files/${upper}/content`);
    expect(content.status).toBe(200);
    expect(await content.text()).toBe("a,b\n1,2\n");
    const got = (await (await call(`/v1/files/${upper}`)).json()) as { id: string };
    expect(got.id).toBe(file.id);
  });

  it("in a body are stored in lower case", async () => {
    const dataset = (await (await postJson("/v1/datasets", JSON.stringify({ name: "ids" }))).json()) as {
      id: string;
    };
    const response = await postJson(
      "/v1/files/upload-url",
      JSON.stringify({ filename: "a.csv", file_size: 3, dataset_id: dataset.id.toUpperCase() }),
    );
    expect(response.status).toBe(201);
    expect(((await response.json()) as { file: { dataset_id: string } }).file.dataset_id).toBe(dataset.id);
  });
});

describe("JSON nesting depth", () => {
  it("refuses a small body nested thousands deep at once, naming the bound", async () => {
    const deep = `{"name":"x","z":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    const body = await expect400(await postJson("/v1/teams", deep), /max_json_depth/);
    expect(body.error.details?.[0].path).toBe("body");
  });

  it("accepts brackets inside strings", async () => {
    const response = await postJson("/v1/teams", JSON.stringify({ name: "[".repeat(150) + "{".repeat(50) }));
    expect(response.status).toBe(201);
  });
});

describe("links and content the server hands out", () => {
  /** A raw request with a forged Host header (fetch will not send one). */
  function forgedHost(body: string): Promise<{ upload_url: string }> {
    const url = new URL(`${server.url}/v1/files/upload-url`);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: "POST",
          headers: {
            host: "evil.example",
            authorization: `Bearer ${key}`,
            "content-type": "application/json",
          },
        },
        (res) => {
          let text = "";
          res.on("data", (c) => (text += c));
          res.on("end", () => resolve(JSON.parse(text)));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  it("builds signed URLs on the listening address, never on the request's Host", async () => {
    const answer = await forgedHost(JSON.stringify({ filename: "h.csv", file_size: 3 }));
    expect(answer.upload_url.startsWith(`${server.url}/v1/files/`)).toBe(true);
  });

  it("builds signed URLs on PARZEN_PUBLIC_URL when it is set", async () => {
    const behindProxy = await startServer({ port: 0, publicUrl: "https://parzen.example.org/" });
    try {
      const { key: proxyKey } = await createTeamWithUser(behindProxy.db, {
        team: "p",
        email: "p@example.com",
      });
      const response = await fetch(`${behindProxy.url}/v1/files/upload-url`, {
        method: "POST",
        headers: { authorization: `Bearer ${proxyKey}`, "content-type": "application/json" },
        body: JSON.stringify({ filename: "h.csv", file_size: 3 }),
      });
      const { upload_url } = (await response.json()) as { upload_url: string };
      expect(upload_url.startsWith("https://parzen.example.org/v1/files/")).toBe(true);
    } finally {
      await behindProxy.close();
    }
  });

  it("refuses a mime_type with a line break, and serves content with nosniff", async () => {
    await expect400(
      await postJson(
        "/v1/files/upload-url",
        JSON.stringify({ filename: "a.csv", file_size: 3, mime_type: "text/html\r\nX: y" }),
      ),
      /body\.mime_type/,
    );
    const form = new FormData();
    form.append("file", new Blob(["<script>1</script>"]), "page.html");
    const file = (await (await call("/v1/files", { method: "POST", body: form })).json()) as { id: string };
    const content = await call(`/v1/files/${file.id}/content`);
    expect(content.headers.get("x-content-type-options")).toBe("nosniff");
    expect(content.headers.get("content-disposition")).toMatch(/^attachment/);
  });
});
