import type { ParzenClient, Team } from "@parzen/client";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import {
  exchangeKey,
  loadSession,
  type StoredSession,
  saveSession,
  sessionClient,
  switchTeam,
} from "./tokens.js";

interface SessionValue {
  client: ParzenClient | undefined;
  teamId: string | undefined;
  teams: Team[];
  login(apiKey: string): Promise<void>;
  logout(): void;
  selectTeam(teamId: string): Promise<void>;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

/** Holds the signed-in client and the teams it can act for. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<StoredSession | undefined>(loadSession);
  const [teams, setTeams] = useState<Team[]>([]);
  const client = useMemo(() => (session ? sessionClient(session) : undefined), [session]);

  const adopt = useCallback((next: StoredSession | undefined) => {
    saveSession(next);
    setSession(next);
  }, []);

  useEffect(() => {
    if (!client) return setTeams([]);
    let live = true;
    client.teams
      .list({ page_size: 100, order_by: "name" })
      .then((page) => live && setTeams(page.items))
      .catch(() => live && adopt(undefined));
    return () => {
      live = false;
    };
  }, [client, adopt]);

  const value = useMemo<SessionValue>(
    () => ({
      client,
      teamId: session?.teamId,
      teams,
      login: async (apiKey) => adopt(await exchangeKey(apiKey)),
      logout: () => adopt(undefined),
      selectTeam: async (teamId) => {
        if (client && teamId !== session?.teamId) adopt(await switchTeam(client, teamId));
      },
    }),
    [client, session, teams, adopt],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session: the client (undefined until signed in), the current team, login and team switching. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

/** The signed-in client (pages are only rendered once signed in). */
export function useClient(): ParzenClient {
  const { client } = useSession();
  if (!client) throw new Error("Not signed in");
  return client;
}
