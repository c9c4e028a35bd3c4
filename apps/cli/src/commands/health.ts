import { createClient } from "@parzen/client";
import { Command } from "commander";
import type { CommandFactory } from "../command.js";

/** `parzen health [--url URL]`: asks a running server whether it is up. */
export const healthCommand: CommandFactory = ({ io, exit }) =>
  new Command("health")
    .summary("Check that a Parzen server answers (PARZEN_BASE_URL or --url).")
    .option("--url <url>", "the server (default: PARZEN_BASE_URL, else http://127.0.0.1:8080)")
    .option("--json", "print the answer as JSON", false)
    .action(async (flags: { url?: string; json?: boolean }) => {
      const client = createClient({ baseUrl: flags.url, maxRetries: 0, timeout: 10_000 });
      const health = await client.health();
      io.out(
        flags.json
          ? JSON.stringify(health)
          : `${client.baseUrl}: ${health.status} (server ${health.version})`,
      );
      exit(0);
    });
