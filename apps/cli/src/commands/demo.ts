import { createClient } from "@parzen/client";
import { startServer } from "@parzen/server";
import type { Command } from "../command.js";

/** `parzen demo`: the README's main job, on embedded defaults. */
export const demoCommand: Command = {
  name: "demo",
  summary: "Start a server on embedded defaults and run the main job against it.",
  options: {},
  async run({ io }) {
    const server = await startServer({ port: 0 });
    try {
      io.out(`Started a Parzen server on ${server.url}`);
      const health = await createClient({ baseUrl: server.url }).health();
      io.out(`GET /v1/health -> ${health.status} (server ${health.version}, clock ${health.time})`);
      return 0;
    } finally {
      await server.close();
    }
  },
};
