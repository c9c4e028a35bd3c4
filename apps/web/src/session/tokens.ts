import { createClient, type ParzenClient } from "@parzen/client";

/** What the console keeps between page loads (in sessionStorage): short-lived tokens, never the API key. */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  refreshExpiresAt: string;
  teamId: string;
}

const KEY = "parzen.console.session";
/** Access tokens live a quarter of an hour; the server renews them with the refresh token as they expire. */
export const ACCESS_TOKEN_SECONDS = 900;

/** The API root: the console is served by the server it talks to. */
export const apiBase = (): string => window.location.origin;

/** The stored session, unless absent or its refresh token has expired. */
export function loadSession(): StoredSession | undefined {
  try {
    const raw = window.sessionStorage.getItem(KEY);
    const session = raw ? (JSON.parse(raw) as StoredSession) : undefined;
    if (!session || Date.parse(session.refreshExpiresAt) <= Date.now()) return undefined;
    return session;
  } catch {
    return undefined;
  }
}

/** Keeps the session for reloads of this tab. */
export function saveSession(session: StoredSession | undefined): void {
  if (session) window.sessionStorage.setItem(KEY, JSON.stringify(session));
  else window.sessionStorage.removeItem(KEY);
}

/** A client acting with the session's tokens; renewed access tokens are stored as they arrive. */
export function sessionClient(session: StoredSession): ParzenClient {
  return createClient({
    baseUrl: apiBase(),
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    maxRetries: 1,
    onAccessToken: (token) => saveSession({ ...session, accessToken: token }),
  });
}

/** Exchanges an API key for tokens and finds the team the key acts for. */
export async function exchangeKey(apiKey: string): Promise<StoredSession> {
  const keyClient = createClient({ baseUrl: apiBase(), apiKey, maxRetries: 1 });
  const token = await keyClient.auth.createToken({ expires_in: ACCESS_TOKEN_SECONDS });
  const session = {
    accessToken: token.access_token,
    refreshToken: token.refresh_token,
    refreshExpiresAt: token.refresh_token_expires_at,
    teamId: "",
  };
  // The keys listed are those of the caller's team, the calling key among them.
  const keys = await sessionClient(session).apiKeys.list({ page_size: 1 });
  return { ...session, teamId: keys.items[0]?.team_id ?? "" };
}

/** Acts for another of the caller's teams: a key for that team, which expires with the session, traded for tokens. */
export async function switchTeam(client: ParzenClient, teamId: string): Promise<StoredSession> {
  const expires = new Date(Date.now() + 12 * 3600 * 1000).toISOString();
  const created = await client.apiKeys.create({
    name: "console session",
    team_id: teamId,
    expires_at: expires,
  });
  return { ...(await exchangeKey(created.key)), teamId };
}
