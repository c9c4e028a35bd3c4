import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Database } from "../src/store/database.js";
import { MIGRATIONS, migrate } from "../src/store/migrations.js";
import { openStore } from "../src/store/open.js";
import { loadOrBuild } from "../src/store/pglite-template.js";
import { temporaryPostgres } from "./databases.js";

const postgres = temporaryPostgres();
const backends: [string, () => Promise<Database>][] = [
  ["embedded PGlite", () => openStore()],
  ["PostgreSQL", () => openStore({ databaseUrl: postgres.url })],
];

describe.each(backends)("the store on %s", (_name, open) => {
  it("migrates once, and a second open finds nothing to do", async () => {
    const db = await open();
    try {
      const rows = await db.query<{ id: number }>("SELECT id FROM schema_migrations ORDER BY id");
      expect(rows.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
      expect(await migrate(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it("commits a transaction that resolves and rolls back one that throws", async () => {
    const db = await open();
    try {
      const kept = randomUUID();
      const lost = randomUUID();
      await db.transaction((tx) => tx.query("INSERT INTO teams (id, name) VALUES ($1, $2)", [kept, "kept"]));
      await expect(
        db.transaction(async (tx) => {
          await tx.query("INSERT INTO teams (id, name) VALUES ($1, $2)", [lost, "lost"]);
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      const rows = await db.query<{ id: string }>("SELECT id FROM teams WHERE id = ANY($1::uuid[])", [
        [kept, lost],
      ]);
      expect(rows.map((r) => r.id)).toEqual([kept]);
    } finally {
      await db.close();
    }
  });

  it("enforces the job status values", async () => {
    const db = await open();
    try {
      const team = randomUUID();
      await db.query("INSERT INTO teams (id, name) VALUES ($1, 't')", [team]);
      await expect(
        db.query(
          "INSERT INTO jobs (id, team_id, kind, status, request) VALUES ($1, $2, 'x', 'paused', '{}')",
          [randomUUID(), team],
        ),
      ).rejects.toThrow();
    } finally {
      await db.close();
    }
  });
});

describe("migrations under concurrency", () => {
  it("two servers migrating one PostgreSQL database at once agree", async () => {
    const dbs = await Promise.all([
      openStore({ databaseUrl: postgres.url }),
      openStore({ databaseUrl: postgres.url }),
    ]);
    const rows = await dbs[0].query("SELECT id FROM schema_migrations");
    expect(rows).toHaveLength(MIGRATIONS.length);
    await Promise.all(dbs.map((d) => d.close()));
  });
});

describe("the embedded store on disk", () => {
  it("keeps its data across restarts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parzen-pglite-"));
    const id = randomUUID();
    const first = await openStore({ dataDir: dir });
    await first.query("INSERT INTO teams (id, name) VALUES ($1, 'persisted')", [id]);
    await first.close();
    const second = await openStore({ dataDir: dir });
    const rows = await second.query<{ name: string }>("SELECT name FROM teams WHERE id = $1", [id]);
    expect(rows).toEqual([{ name: "persisted" }]);
    await second.close();
  });
});

describe("the embedded store's fresh-cluster template", () => {
  it("is cached on disk once and gives independent stores that keep their data", async () => {
    const cache = mkdtempSync(join(tmpdir(), "parzen-template-"));
    const built = await loadOrBuild(cache);
    const files = readdirSync(cache);
    expect(files).toHaveLength(1);
    expect(statSync(join(cache, files[0] as string)).size).toBe(built.size);
    // A second call reads the file instead of running initdb again: same bytes.
    const read = await loadOrBuild(cache);
    expect(Buffer.from(await read.arrayBuffer()).equals(Buffer.from(await built.arrayBuffer()))).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), "parzen-pglite-"));
    const onDisk = await openStore({ dataDir: dir });
    const inMemory = await openStore();
    await onDisk.query("INSERT INTO teams (id, name) VALUES ($1, 'on disk')", [randomUUID()]);
    expect(await inMemory.query("SELECT name FROM teams")).toEqual([]);
    await Promise.all([onDisk.close(), inMemory.close()]);
    const reopened = await openStore({ dataDir: dir });
    expect(await reopened.query("SELECT name FROM teams")).toEqual([{ name: "on disk" }]);
    await reopened.close();
  });
});
