import type { ParzenClient } from "@parzen/client";
import { type DependencyList, useCallback, useEffect, useState } from "react";
import { useClient } from "../session/session-context.js";

export interface Loaded<T> {
  data?: T;
  error?: Error;
  loading: boolean;
  reload(): void;
}

/** Loads something through the client when the dependencies change; stale answers are dropped. */
export function useLoad<T>(
  load: (client: ParzenClient, signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
): Loaded<T> {
  const client = useClient();
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(client, controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, loading: false }),
      (error: Error) => !controller.signal.aborted && setState({ error, loading: false }),
    );
    return () => controller.abort();
  }, [client, tick, ...deps]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** Runs `load` again every `ms` while `active`, for views of something that changes (a job, a monitor). */
export function usePolling(active: boolean, ms: number, reload: () => void): void {
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(reload, ms);
    return () => window.clearInterval(timer);
  }, [active, ms, reload]);
}
