import { seededRandom } from "./processes.js";

// Plain-HTTP helpers for the agent tests: requests as a user would send them with fetch or curl.

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field in the tests
export type Json = any;

export interface Answer {
  status: number;
  body: Json;
}

/** `call(method, path, body?)` for one API key: JSON bodies are sent as JSON, `FormData` as multipart. */
export function http(baseUrl: string, key: string, scheme = "Bearer") {
  return async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const headers: Record<string, string> = { authorization: `${scheme} ${key}` };
    let payload: FormData | string | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    const type = response.headers.get("content-type") ?? "";
    return { status: response.status, body: type.includes("json") && text ? JSON.parse(text) : text };
  };
}

export type Call = ReturnType<typeof http>;

/** Expects `answer` to be a 400 whose details name `path`; returns the error for more checks. */
export function fieldOf(answer: Answer): string[] {
  return (answer.body?.error?.details ?? []).map((d: { path: string }) => d.path);
}

/**
 * Two features whose XOR is the label `y` (`a`/`b`): a linear model cannot learn it, trees can. `noise` flips that
 * share of labels, so no model can score above about 1 - noise.
 */
export function xorCsv(rows: number, noise = 0, seed = 3): string {
  const rand = seededRandom(seed);
  const lines = ["x0,x1,x2,y"];
  for (let i = 0; i < rows; i++) {
    const [x0, x1, x2] = [rand(), rand(), rand()];
    let label = x0 > 0.5 !== x1 > 0.5;
    if (rand() < noise) label = !label;
    lines.push(`${x0.toFixed(4)},${x1.toFixed(4)},${x2.toFixed(4)},${label ? "a" : "b"}`);
  }
  return `${lines.join("\n")}\n`;
}

/** A form with one CSV file part named `file` (for `/v1/files`) or `files[]` (for executions). */
export function csvForm(csv: string, name = "data.csv", field = "file"): FormData {
  const form = new FormData();
  form.append(field, new Blob([csv], { type: "text/csv" }), name);
  return form;
}

/** Uploads `csv` and makes a dataset of it; returns the dataset's id. */
export async function csvDataset(call: Call, name: string, csv: string): Promise<string> {
  const file = await call("POST", "/v1/files", csvForm(csv, `${name}.csv`));
  const dataset = await call("POST", "/v1/datasets", { name, file_id: file.body.id });
  if (dataset.status !== 201) throw new Error(JSON.stringify(dataset.body));
  return dataset.body.id;
}

/** Polls `GET /v1/agentic-executions/{id}` until it is finished or failed, as the reference walk-through does. */
export async function pollExecution(call: Call, id: string, timeoutMs = 90_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await call("GET", `/v1/agentic-executions/${id}`);
    if (status !== 200) throw new Error(`GET execution ${id}: ${status} ${JSON.stringify(body)}`);
    if (body.status === "finished" || body.status === "failed") return body;
    if (Date.now() > deadline) throw new Error(`execution ${id} still ${body.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves with the first truthy value of `check`, polled every 100 ms; throws after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}
