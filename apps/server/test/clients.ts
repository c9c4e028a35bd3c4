import { ParzenClient } from "@parzen/client";
import { createTeamWithUser, type RunningServer } from "../src/index.js";

/** A new team of its own on `server`: its API key, and a client using it (no retries, so failures show at once). */
export async function teamAccess(
  server: RunningServer,
  team: string,
): Promise<{ key: string; client: ParzenClient }> {
  const { key } = await createTeamWithUser(server.db, { team, email: `${team}@example.com` });
  return { key, client: new ParzenClient({ baseUrl: server.url, apiKey: key, maxRetries: 0 }) };
}

/** A client acting for a new team of its own on `server`. */
export async function teamClient(server: RunningServer, team: string): Promise<ParzenClient> {
  return (await teamAccess(server, team)).client;
}
