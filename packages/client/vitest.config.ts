import { defineConfig } from "vitest/config";

// Generous timeouts: CI runs every package's suite at once on two cores.
export default defineConfig({
  test: { include: ["test/**/*.test.ts", "src/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 },
});
