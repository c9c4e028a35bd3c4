// The serving caches stay correct. Authentication: a revoked, deleted or expired credential is refused on the very
// next request — in the process that made the change, through the store's notifications for changes made
// elsewhere, and across two server processes on real PostgreSQL. Models and deployments: a switch, rollback or
// deletion is served from the next prediction on, here and in the other process.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuthenticationError, createClient, NotFoundError, type ParzenClient } from "@parzen/client";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerCache } from "../src/auth/caller-cache.js";
import { ChangeFeed } from "../src/cache/change-feed.js";
import { InvalidatedCache } from "../src/cache/invalidated-cache.js";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { allFinite } from "../src/models/predict-schema.js";
import { temporaryPostgres } from "./databases.js";
import { example, trainExample } from "./deploy-fixtures.js";
import { kill, type Spawned, startProcess } from "./processes.js";

const refused = (promise: Promise<unknown>) => expect(promise).rejects.toBeInstanceOf(AuthenticationError);
const sample = example("penguins")
  .rows.slice(0, 3)
  .map(({ Species: _, ...row }) => row);

describe("cached authentication on the embedded store", () => {
  let server: RunningServer;
  let owner: ParzenClient;
  const client = (options: Parameters<typeof createClient>[0]) =>
    createClient({ baseUrl: server.url, maxRetries: 0, ...options });

  beforeAll(async () => {
    server = await startServer({ port: 0 });
    owner = client({
      apiKey: (await createTeamWithUser(server.db, { team: "a", email: "a@example.com" })).key,
    });
  });
  afterAll(() => server.close());

  it("answers a known key from memory and refuses it right after it is revoked", async () => {
    const made = await owner.apiKeys.create({ name: "cached" });
    const keyClient = client({ apiKey: made.key });
    await keyClient.users.list();
    const cached = callerCache(server.db).size;
    expect(cached).toBeGreaterThan(0);
    await keyClient.users.list();
    expect(callerCache(server.db).size).toBe(cached);
    await owner.apiKeys.revoke(made.id);
    await refused(keyClient.users.list());
  });

  it("refuses a cached access token right after its key is revoked", async () => {
    const made = await owner.apiKeys.create({ name: "token key" });
    const tokens = await client({ apiKey: made.key }).auth.createToken();
    const viaToken = client({ accessToken: tokens.access_token });
    await viaToken.users.list();
    await viaToken.users.list();
    await owner.apiKeys.revoke(made.id);
    await refused(viaToken.users.list());
  });

  it("hears changes made by any writer of the store: a key deleted, an expiry moved, a team deleted", async () => {
    const deleted = await owner.apiKeys.create({ name: "deleted in SQL" });
    const expiring = await owner.apiKeys.create({ name: "expired in SQL" });
    const deletedClient = client({ apiKey: deleted.key });
    const expiringClient = client({ apiKey: expiring.key });
    await deletedClient.users.list();
    await expiringClient.users.list();
    await server.db.query("DELETE FROM api_keys WHERE id = $1", [deleted.id]);
    await refused(deletedClient.users.list());
    await server.db.query("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1", [
      expiring.id,
    ]);
    await refused(expiringClient.users.list());

    const other = await createTeamWithUser(server.db, { team: "gone", email: "gone@example.com" });
    const otherClient = client({ apiKey: other.key });
    await otherClient.users.list();
    await server.db.query("DELETE FROM teams WHERE id = $1", [other.teamId]);
    await refused(otherClient.users.list());
  });

  it("refuses the keys of a team deleted through the API at once", async () => {
    const team = await owner.teams.create({ name: "short-lived" });
    const teamKey = await owner.apiKeys.create({ name: "of the team", team_id: team.id });
    const teamClient = client({ apiKey: teamKey.key });
    await teamClient.users.list();
    await owner.teams.delete(team.id);
    await refused(teamClient.users.list());
  });
});

describe("cached serving on the embedded store", () => {
  let server: RunningServer;
  let alice: ParzenClient;

  beforeAll(async () => {
    server = await startServer({ port: 0, concurrency: 1, trialWorkers: 1 });
    const { key } = await createTeamWithUser(server.db, { team: "serving", email: "s@example.com" });
    alice = createClient({ baseUrl: server.url, apiKey: key, maxRetries: 0 });
  });
  afterAll(() => server.close());

  it("serves a switch, a rollback, new capturing monitors and deletions from the next prediction on", async () => {
    const gbdt = (await trainExample(alice, "penguins", "Species", ["gbdt"])).modelId;
    const linear = (await trainExample(alice, "penguins", "Species", ["linear"])).modelId;
    const d = await alice.deployments.create({ name: "species", model_id: gbdt });
    for (let i = 0; i < 2; i++) expect((await alice.deployments.predict(d.id, sample)).model_id).toBe(gbdt);
    await alice.deployments.switchModel(d.id, { model_id: linear });
    expect((await alice.deployments.predict(d.id, sample)).model_id).toBe(linear);
    await alice.deployments.rollback(d.id);
    expect((await alice.deployments.predict(d.id, sample)).model_id).toBe(gbdt);

    const monitor = await alice.monitors.create({
      deployment_id: d.id,
      capture_predictions: true,
      capture_batch_size: 100,
    });
    await alice.deployments.predict(d.id, sample);
    expect((await alice.monitors.retrieve(monitor.id)).captured_rows).toBe(sample.length);

    await alice.deployments.delete(d.id);
    await expect(alice.deployments.predict(d.id, sample)).rejects.toBeInstanceOf(NotFoundError);
    // A model removed by any writer of the store stops answering at once.
    for (let i = 0; i < 2; i++) expect((await alice.models.predict(linear, sample)).model_id).toBe(linear);
    await server.db.query("DELETE FROM models WHERE id = $1", [linear]);
    await expect(alice.models.predict(linear, sample)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("sends answers with a number JSON cannot hold through JSON.stringify (the spec's serializer refuses NaN)", () => {
    const answer = { model_id: "m", predictions: ["a", 1.5], classes: ["a"], probabilities: [[0.25]] };
    expect(allFinite(answer)).toBe(true);
    expect(allFinite({ ...answer, predictions: [Number.NaN] })).toBe(false);
    expect(allFinite({ ...answer, probabilities: [[Number.POSITIVE_INFINITY]] })).toBe(false);
  });

  it("does not keep a lookup that raced an invalidation, and keeps nothing while the feed is not live", async () => {
    const feed = new ChangeFeed();
    try {
      const cache = new InvalidatedCache<string>(feed, { ttlMs: 60_000, capacity: 10 });
      // Not listening yet: answers come from the loader and are not kept.
      expect(feed.live).toBe(false);
      expect(await cache.get("a", async () => ({ value: "early", tags: ["key:1"] }))).toBe("early");
      expect(cache.size).toBe(0);
      await feed.start(server.db);
      let release: () => void = () => undefined;
      const slow = cache.get("a", async () => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return { value: "stale", tags: ["key:1"] };
      });
      await new Promise((resolve) => setImmediate(resolve));
      cache.invalidate("key:1");
      release();
      expect(await slow).toBe("stale");
      expect(cache.peek("a")).toBeUndefined();
      expect(await cache.get("a", async () => ({ value: "fresh", tags: ["key:1"] }))).toBe("fresh");
      expect(cache.peek("a")).toBe("fresh");
      // An entry is not used past its own expiry.
      await cache.get("b", async () => ({ value: "brief", tags: [], until: Date.now() + 20 }));
      expect(cache.peek("b")).toBe("brief");
      await new Promise((resolve) => setTimeout(resolve, 40));
      expect(cache.peek("b")).toBeUndefined();
    } finally {
      await feed.close();
    }
  });
});

describe("cached authentication and serving across two server processes on PostgreSQL", () => {
  const postgres = temporaryPostgres();
  const ADMIN = "pz_auth_cache_admin_0123456789abcdef";
  let dir: string;
  let a: Spawned;
  let b: Spawned;
  const urlOf = (s: Spawned) => s.match[1];
  const on = (s: Spawned, credentials: { apiKey?: string; accessToken?: string }) =>
    createClient({ baseUrl: urlOf(s), maxRetries: 0, ...credentials });
  // Both serve the same store and artifacts, as replicas behind a load balancer would.
  const serverProcess = () =>
    startProcess(
      "main.js",
      {
        PORT: "0",
        DATABASE_URL: postgres.url,
        PARZEN_API_KEY: ADMIN,
        PARZEN_ARTIFACTS_DIR: join(dir, "artifacts"),
        PARZEN_WORKERS: "1",
        PARZEN_TRIAL_WORKERS: "1",
        REDIS_URL: "",
      },
      /listening on (http:\/\/\S+)/,
    );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "parzen-auth-cache-"));
    a = await serverProcess();
    b = await serverProcess();
  }, 150_000);
  afterAll(async () => {
    await Promise.all([a && kill(a), b && kill(b)]);
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses a key on one process right after another revoked it, and its access token too", async () => {
    const adminOnA = on(a, { apiKey: ADMIN });
    const made = await adminOnA.apiKeys.create({ name: "shared" });
    const keyOnB = on(b, { apiKey: made.key });
    const tokens = await keyOnB.auth.createToken();
    const tokenOnB = on(b, { accessToken: tokens.access_token });
    // Twice each, so that B answers from its cache.
    for (let i = 0; i < 2; i++) {
      await keyOnB.users.list();
      await tokenOnB.users.list();
    }
    await adminOnA.apiKeys.revoke(made.id);
    await refused(keyOnB.users.list());
    await refused(tokenOnB.users.list());
  });

  it("refuses on both processes a key revoked by another writer, and the keys of a deleted team", async () => {
    const adminOnA = on(a, { apiKey: ADMIN });
    const made = await adminOnA.apiKeys.create({ name: "revoked in SQL" });
    const team = await adminOnA.teams.create({ name: "short-lived" });
    const teamKey = await adminOnA.apiKeys.create({ name: "of the team", team_id: team.id });
    for (const s of [a, b]) {
      await on(s, { apiKey: made.key }).users.list();
      await on(s, { apiKey: teamKey.key }).users.list();
    }
    const sql = new pg.Client({ connectionString: postgres.url });
    await sql.connect();
    try {
      await sql.query("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [made.id]);
    } finally {
      await sql.end();
    }
    await adminOnA.teams.delete(team.id);
    for (const s of [a, b]) {
      await refused(on(s, { apiKey: made.key }).users.list());
      await refused(on(s, { apiKey: teamKey.key }).users.list());
    }
  });

  it("serves a deployment's switch and deletion made on one process from the other's next prediction", async () => {
    const adminOnA = on(a, { apiKey: ADMIN });
    const adminOnB = on(b, { apiKey: ADMIN });
    const gbdt = (await trainExample(adminOnA, "penguins", "Species", ["gbdt"])).modelId;
    const linear = (await trainExample(adminOnA, "penguins", "Species", ["linear"])).modelId;
    const d = await adminOnA.deployments.create({ name: "replicated", model_id: gbdt });
    for (let i = 0; i < 2; i++)
      expect((await adminOnB.deployments.predict(d.id, sample)).model_id).toBe(gbdt);
    await adminOnA.deployments.switchModel(d.id, { model_id: linear });
    expect((await adminOnB.deployments.predict(d.id, sample)).model_id).toBe(linear);
    await adminOnA.deployments.delete(d.id);
    await expect(adminOnB.deployments.predict(d.id, sample)).rejects.toBeInstanceOf(NotFoundError);
  }, 240_000);
});
