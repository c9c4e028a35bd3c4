import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { APIUserAbortError, createClient, readEvents } from "../src/index.js";
import { TestServer } from "./http-server.js";

const server = new TestServer();
beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => server.reset());

const job = (status: string, fraction: number) => ({
  id: "0b4c7c52-5b7a-4d2e-9f57-000000000001",
  kind: "trainer.run",
  status,
  progress: { fraction },
  created_at: "2026-01-01T00:00:00.000Z",
  started_at: null,
  finished_at: null,
  error: null,
  result: null,
});

function events(res: ServerResponse, frames: string[], keepOpen = false) {
  res.writeHead(200, { "content-type": "text/event-stream" });
  for (const frame of frames) res.write(frame);
  if (!keepOpen) res.end();
}

describe("jobs.stream", () => {
  it("parses split frames, multi-line data and comments", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const text = ': keep-alive\n\nid: 1\nevent: job\ndata: {"a":\ndata: 1}\n\nevent: other\ndata: x\n\n';
        const bytes = new TextEncoder().encode(text);
        for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.subarray(i, i + 7));
        controller.close();
      },
    });
    const seen = [];
    for await (const event of readEvents(body)) seen.push(event);
    expect(seen).toEqual([
      { id: "1", event: "job", data: '{"a":\n1}' },
      { id: undefined, event: "other", data: "x" },
    ]);
  });

  it("yields each state until the job ends", async () => {
    server.script((_req, res) =>
      events(res, [
        `event: job\ndata: ${JSON.stringify(job("running", 0.5))}\n\n`,
        `event: job\ndata: ${JSON.stringify(job("completed", 1))}\n\n`,
      ]),
    );
    const states: string[] = [];
    for await (const state of createClient({ baseUrl: server.url }).jobs.stream("j"))
      states.push(state.status);
    expect(states).toEqual(["running", "completed"]);
    expect(server.seen[0].headers.accept).toBe("text/event-stream");
  });

  it("ends with APIUserAbortError when the caller aborts mid-stream", async () => {
    server.script((_req, res) =>
      events(res, [`event: job\ndata: ${JSON.stringify(job("running", 0.1))}\n\n`], true),
    );
    const controller = new AbortController();
    const states: string[] = [];
    const error = await (async () => {
      for await (const state of createClient({ baseUrl: server.url }).jobs.stream("j", {
        signal: controller.signal,
      })) {
        states.push(state.status);
        setTimeout(() => controller.abort(), 20);
      }
    })().catch((e) => e);
    expect(states).toEqual(["running"]);
    expect(error).toBeInstanceOf(APIUserAbortError);
  });
});
