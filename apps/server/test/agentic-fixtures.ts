import { expect } from "vitest";
import type { RunningServer } from "../src/index.js";
import { example } from "./deploy-fixtures.js";

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the tests.
export type Json = any;

/** Raw HTTP for one team: `call` returns status and JSON, `ok` expects a 2xx and returns the JSON. */
export function http(server: RunningServer, key: string) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: Json }> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  };
  const ok = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const answer = await call(method, path, body);
    expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.json)}`).toBeLessThan(300);
    return answer.json;
  };
  return { call, ok };
}

/** Uploads a bundled example as a dataset of the team; its id. */
export async function exampleDataset(
  server: RunningServer,
  key: string,
  name: "penguins" | "diabetes" = "penguins",
) {
  const form = new FormData();
  form.set(
    "file",
    new Blob([await (await import("node:fs/promises")).readFile(example(name).path)]),
    `${name}.csv`,
  );
  const file: Json = await (
    await fetch(`${server.url}/v1/files`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}` },
      body: form,
    })
  ).json();
  const { ok } = http(server, key);
  return (await ok("POST", "/v1/datasets", { name, file_id: file.id })).id as string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls a run until it stops working (waits for a decision, pauses or ends); its state. */
export async function settled(
  server: RunningServer,
  key: string,
  runId: string,
  timeoutMs = 240_000,
): Promise<Json> {
  const { ok } = http(server, key);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const state = await ok("GET", `/v1/agentic/runs/${runId}`);
    if (state.status !== "running") return state;
    if (Date.now() > until) throw new Error(`Run ${runId} still running at ${state.current_phase}`);
    await sleep(150);
  }
}
