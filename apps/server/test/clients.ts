import { ParzenClient } from "@parzen/client";
import { createTeamWithUser, type RunningServer } from "../src/index.js";

/** A client acting for a new team of its own on `server` (no retries, so failures show at once). */
export async function teamClient(server: RunningServer, team: string): Promise<ParzenClient> {
  const { key } = await createTeamWithUser(server.db, { team, email: `${team}@example.com` });
  return new ParzenClient({ baseUrl: server.url, apiKey: key, maxRetries: 0 });
}
