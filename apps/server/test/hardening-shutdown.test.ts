import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { openStore } from "../src/store/open.js";
import { kill, type Spawned, startServerProcess, syntheticCsv } from "./processes.js";

const KEY = "pz_shutdown_test_key_0123456789abcdef";
const dirs: string[] = [];
const running: Spawned[] = [];
afterAll(async () => {
  await Promise.all(running.map(kill));
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function serverIn(env: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), "parzen-shutdown-"));
  dirs.push(dir);
  const started = await startServerProcess(dir, KEY, { PARZEN_TRIAL_WORKERS: "1", ...env });
  running.push(started.process);
  return { ...started, dir };
}

const exited = (spawned: Spawned) =>
  new Promise<number | null>((resolve) => {
    if (spawned.child.exitCode !== null) resolve(spawned.child.exitCode);
    else spawned.child.once("exit", (code) => resolve(code));
  });

/** A multipart upload whose body arrives in two halves, the second when `finish` is called. */
function slowUpload(url: string) {
  const boundary = "parzen-shutdown-boundary";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.csv"\r\nContent-Type: text/csv\r\n\r\na,b\n1,2\n`;
  let finish = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(head));
      finish = () => {
        controller.enqueue(new TextEncoder().encode(`3,4\n\r\n--${boundary}--\r\n`));
        controller.close();
      };
    },
  });
  const answer = fetch(`${url}/v1/files`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: "half",
  } as RequestInit).then(
    (r) => r.status,
    () => "closed" as const,
  );
  return { answer, finish: () => finish() };
}

it("SIGTERM lets a running request finish, hands the running job back and exits 0", async () => {
  const server = await serverIn();
  const file = await server.client.files.upload(new TextEncoder().encode(syntheticCsv(20_000)), {
    name: "synthetic.csv",
  });
  const dataset = await server.client.datasets.create({ name: "synthetic", file_id: file.id });
  const { job_id } = await server.client.trainer.run({
    dataset_id: dataset.id,
    task: { label_column: "y", task_kind: "regression" },
    model_types: ["gbdt"],
    n_trials: 50,
    n_splits: 3,
  });
  for await (const job of server.client.jobs.stream(job_id)) if (job.status === "running") break;
  const upload = slowUpload(server.url);
  await new Promise((resolve) => setTimeout(resolve, 300)); // the request is in progress
  server.process.child.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 300));
  upload.finish();
  expect(await upload.answer).toBe(201);
  expect(await exited(server.process)).toBe(0);

  const db = await openStore({ dataDir: join(server.dir, "data") });
  try {
    const [job] = await db.query<{ status: string; lease_owner: string | null }>(
      "SELECT status, lease_owner FROM jobs WHERE id = $1",
      [job_id],
    );
    expect(job).toEqual({ status: "pending", lease_owner: null });
  } finally {
    await db.close();
  }
}, 240_000);

it("SIGTERM exits within the grace period even while a request never finishes", async () => {
  const server = await serverIn({ PARZEN_SHUTDOWN_GRACE_MS: "1000" });
  const upload = slowUpload(server.url);
  await new Promise((resolve) => setTimeout(resolve, 300));
  server.process.child.kill("SIGTERM");
  expect(await exited(server.process)).toBe(0);
  expect(await upload.answer).toBe("closed");
}, 120_000);
