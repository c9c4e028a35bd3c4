import { createClient } from "@parzen/client";
import type { Command } from "../command.js";

/** `parzen health [--url URL]`: asks a running server whether it is up. */
export const healthCommand: Command = {
  name: "health",
  summary: "Check that a Parzen server answers (PARZEN_BASE_URL or --url).",
  options: { url: { type: "string" }, json: { type: "boolean" } },
  async run({ values, io }) {
    const client = createClient({
      baseUrl: values.url as string | undefined,
      maxRetries: 0,
      timeoutMs: 10_000,
    });
    const health = await client.health();
    io.out(
      values.json ? JSON.stringify(health) : `${client.baseUrl}: ${health.status} (server ${health.version})`,
    );
    return 0;
  },
};
