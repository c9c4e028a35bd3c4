import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// Generous timeouts: CI runs every package's suite at once on two cores.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Embedded stores start from one cached PGlite cluster instead of running initdb each time.
    env: { PARZEN_PGLITE_TEMPLATE_DIR: join(tmpdir(), `parzen-pglite-${process.getuid?.() ?? "user"}`) },
  },
});
