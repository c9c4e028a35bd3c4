import { ConflictError, createClient, NotFoundError, PermissionDeniedError } from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(() => server.close());

describe("client.teams and client.users against the real server", () => {
  it("manages teams and the caller's profile", async () => {
    const me = await createTeamWithUser(server.db, { team: "home", email: "sdk-user@example.com" });
    const other = await createTeamWithUser(server.db, { team: "other", email: "other@example.com" });
    const client = createClient({ baseUrl: server.url, apiKey: me.key });
    const team = await client.teams.create({ name: "Side project" }, { idempotencyKey: "create-1" });
    expect((await client.teams.retrieve(team.id)).name).toBe("Side project");
    expect((await client.teams.update(team.id, { description: "weekends" })).description).toBe("weekends");
    const names = [];
    for await (const t of client.teams.listAll({ order_by: "name", order_direction: "asc" }, { pageSize: 1 }))
      names.push(t.name);
    expect(names).toEqual(["Side project", "home"]);
    await client.teams.delete(team.id);
    await expect(client.teams.retrieve(team.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.teams.delete(me.teamId)).rejects.toBeInstanceOf(ConflictError);

    const users = [];
    for await (const u of client.users.listAll()) users.push(u.email);
    expect(users).toEqual(["sdk-user@example.com"]);
    expect((await client.users.update(me.userId, { full_name: "S. D. K." })).full_name).toBe("S. D. K.");
    await expect(client.users.retrieve(other.userId)).rejects.toBeInstanceOf(NotFoundError);
    // Once a member of the team, another user is visible but their profile is theirs to change.
    await server.db.query("INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)", [
      me.teamId,
      other.userId,
    ]);
    expect((await client.users.retrieve(other.userId)).email).toBe("other@example.com");
    await expect(client.users.update(other.userId, { full_name: "x" })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
  });
});
