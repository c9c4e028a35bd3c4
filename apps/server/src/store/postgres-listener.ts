import pg from "pg";

/** How long a dropped listening connection waits before it tries again (doubling up to the last). */
const RETRY_MS = [100, 250, 500, 1000, 2000, 5000];

/**
 * `LISTEN channel` on a connection of its own (a pooled one would be handed to other queries). When the connection
 * drops, `onState(false)` says notifications may be missed; it reconnects, with back-off, until stopped, and then
 * says `onState(true)`.
 */
export async function listenOn(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
  onState: (listening: boolean) => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | undefined;
  let attempt = 0;

  const open = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on("notification", (message) => {
      if (message.channel === channel) onMessage(message.payload ?? "");
    });
    next.on("error", () => undefined);
    next.on("end", () => {
      if (stopped || client !== next) return;
      client = undefined;
      onState(false);
      retry();
    });
    try {
      await next.connect();
      await next.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    client = next;
    attempt = 0;
  };

  const retry = (): void => {
    const delay = RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)];
    setTimeout(() => {
      if (stopped) return;
      open().then(() => onState(true), retry);
    }, delay).unref();
  };

  await open();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}
