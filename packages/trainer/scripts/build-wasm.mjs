// Compiles wasm/histogram.ts (AssemblyScript) into wasm/histogram.wasm. The .wasm is committed, so a fresh
// install needs no compiler; run this (`pnpm --filter @parzen/trainer build:wasm`) after changing the kernel.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const wasm = fileURLToPath(new URL("../wasm/", import.meta.url));
execFileSync(
  "asc",
  [
    `${wasm}histogram.ts`,
    "--outFile",
    `${wasm}histogram.wasm`,
    "--optimizeLevel",
    "3",
    "--shrinkLevel",
    "0",
    "--noAssert",
    "--runtime",
    "stub",
    "--enable",
    "simd",
    "--enable",
    "threads",
    "--importMemory",
    "--sharedMemory",
    "--initialMemory",
    "1",
    "--maximumMemory",
    "65536",
  ],
  { stdio: "inherit" },
);
