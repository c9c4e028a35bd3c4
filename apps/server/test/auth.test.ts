import {
  AuthenticationError,
  createClient,
  NotFoundError,
  type ParzenClient,
  PermissionDeniedError,
} from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";

let server: RunningServer;
let owner: ParzenClient;
let ownerIds: { teamId: string; userId: string; keyId: string };
const client = (options: Parameters<typeof createClient>[0]) =>
  createClient({ baseUrl: server.url, maxRetries: 0, ...options });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  server = await startServer({ port: 0 });
  const made = await createTeamWithUser(server.db, { team: "keys", email: "owner@example.com" });
  ownerIds = made;
  owner = client({ apiKey: made.key });
});
afterAll(() => server.close());

describe("API keys", () => {
  it("creates a key whose secret is shown once, lists it without it, and revokes it", async () => {
    const created = await owner.apiKeys.create({ name: "ci" });
    expect(created.key).toMatch(/^pz_/);
    expect(created).toMatchObject({
      name: "ci",
      team_id: ownerIds.teamId,
      user_id: ownerIds.userId,
      revoked_at: null,
    });
    expect(created.prefix).toBe(created.key.slice(0, 7));
    const listed = await owner.apiKeys.list();
    expect(listed.items.map((k) => k.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(await owner.apiKeys.retrieve(created.id)).not.toHaveProperty("key");

    const ci = client({ apiKey: created.key });
    expect((await ci.users.list()).items[0].email).toBe("owner@example.com");
    await owner.apiKeys.revoke(created.id);
    await owner.apiKeys.revoke(created.id);
    const error = await ci.users.list().catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/revoked/);
    expect((await owner.apiKeys.list()).items.map((k) => k.id)).not.toContain(created.id);
    const all = await owner.apiKeys.list({ include_revoked: true });
    expect(all.items.find((k) => k.id === created.id)?.revoked_at).not.toBeNull();
  });

  it("accepts the Token scheme as well as Bearer", async () => {
    const { key } = await owner.apiKeys.create({ name: "token scheme" });
    const viaToken = await fetch(`${server.url}/v1/users`, { headers: { authorization: `Token ${key}` } });
    expect(viaToken.status).toBe(200);
    expect((await client({ apiKey: key, authScheme: "Token" }).users.list()).items).toHaveLength(1);
    const bad = await fetch(`${server.url}/v1/users`, { headers: { authorization: `Basic ${key}` } });
    expect(bad.status).toBe(401);
  });

  it("gives a member of a second team a key acting for it, and keeps other teams out", async () => {
    const side = await owner.teams.create({ name: "second" });
    const sideKey = await owner.apiKeys.create({ name: "side", team_id: side.id });
    const sideClient = client({ apiKey: sideKey.key });
    const dataset = await sideClient.datasets.create({ name: "in the second team" });
    await expect(owner.datasets.retrieve(dataset.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await sideClient.apiKeys.list()).items.map((k) => k.id)).toEqual([sideKey.id]);
    const stranger = await createTeamWithUser(server.db, {
      team: "strangers",
      email: "stranger@example.com",
    });
    await expect(
      client({ apiKey: stranger.key }).apiKeys.create({ name: "x", team_id: side.id }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(client({ apiKey: stranger.key }).apiKeys.revoke(sideKey.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("lets a member revoke only their own keys, and an owner any key of the team", async () => {
    const member = await createTeamWithUser(server.db, { team: "elsewhere", email: "member@example.com" });
    await server.db.query("INSERT INTO team_members (team_id, user_id, role) VALUES ($1, $2, 'member')", [
      ownerIds.teamId,
      member.userId,
    ]);
    const memberKey = await client({ apiKey: member.key }).apiKeys.create({
      name: "mine",
      team_id: ownerIds.teamId,
    });
    const memberClient = client({ apiKey: memberKey.key });
    const ownersKey = await owner.apiKeys.create({ name: "owner's" });
    await expect(memberClient.apiKeys.revoke(ownersKey.id)).rejects.toBeInstanceOf(PermissionDeniedError);
    await owner.apiKeys.revoke(memberKey.id);
    await expect(memberClient.users.list()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("refuses an expired key and an expiry in the past", async () => {
    await expect(owner.apiKeys.create({ name: "old", expires_at: "2020-01-01T00:00:00Z" })).rejects.toThrow(
      /future/,
    );
    const soon = await owner.apiKeys.create({
      name: "soon",
      expires_at: new Date(Date.now() + 1500).toISOString(),
    });
    expect((await client({ apiKey: soon.key }).users.list()).items.length).toBeGreaterThan(0);
    await sleep(1600);
    await expect(client({ apiKey: soon.key }).users.list()).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe("access and refresh tokens", () => {
  it("renews an expired access token through the refresh-token header; the client uses the new one by itself", async () => {
    const tokens = await owner.auth.createToken({ expires_in: 1 });
    expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: 1 });
    const renewed: string[] = [];
    const parzen = client({
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      onAccessToken: (token) => renewed.push(token),
    });
    expect((await parzen.users.list()).items).toHaveLength(2);
    await sleep(1200);
    // Expired: without its refresh token the access token is refused...
    const alone = await client({ accessToken: tokens.access_token })
      .users.list()
      .catch((e) => e);
    expect(alone).toBeInstanceOf(AuthenticationError);
    expect(alone.code).toBe("token_expired");
    // ...with it the request proceeds, and the answer carries the new token.
    const { response } = await parzen.users.list().withResponse();
    const fresh = response.headers.get("access-token");
    expect(fresh).toMatch(/^pzat_/);
    expect(response.headers.get("access-token-expires-at")).toMatch(/^\d{4}-/);
    expect(renewed).toEqual([fresh]);
    expect(parzen.accessToken).toBe(fresh);
    // The next request goes out with the new token, which works on its own (no renewal this time).
    const next = await parzen.users.list().withResponse();
    expect(next.response.headers.get("access-token")).toBeNull();
    expect((await client({ accessToken: fresh! }).users.list()).items).toHaveLength(2);
  });

  it("exchanges a refresh token for an access token, and dies with its key", async () => {
    const made = await owner.apiKeys.create({ name: "for tokens" });
    const keyClient = client({ apiKey: made.key });
    const tokens = await keyClient.auth.createToken();
    expect(tokens.expires_in).toBe(900);
    const exchanged = await client({}).auth.refreshToken(tokens.refresh_token, { expires_in: 60 });
    expect(exchanged.refresh_token).toBe(tokens.refresh_token);
    expect(exchanged.access_token).not.toBe(tokens.access_token);
    const viaToken = client({ accessToken: exchanged.access_token, authScheme: "Token" });
    expect((await viaToken.users.list()).items.length).toBeGreaterThan(0);
    // An access token cannot mint more tokens; only an API key can.
    await expect(viaToken.auth.createToken()).rejects.toBeInstanceOf(AuthenticationError);
    await owner.apiKeys.revoke(made.id);
    await expect(viaToken.users.list()).rejects.toBeInstanceOf(AuthenticationError);
    await expect(client({}).auth.refreshToken(tokens.refresh_token)).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it("refuses a refresh token of another key and a missing one", async () => {
    const a = await owner.auth.createToken({ expires_in: 1 });
    const other = await owner.apiKeys.create({ name: "other" });
    const b = await client({ apiKey: other.key }).auth.createToken();
    await sleep(1200);
    const mixed = await client({ accessToken: a.access_token, refreshToken: b.refresh_token })
      .users.list()
      .catch((e) => e);
    expect(mixed.code).toBe("invalid_refresh_token");
    const answer = await fetch(`${server.url}/v1/auth/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "refresh_token" }),
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: { details: [{ path: "body.refresh_token" }] } });
  });
});
