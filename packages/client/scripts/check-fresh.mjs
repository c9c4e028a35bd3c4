// Fails when src/generated/ does not match what openapi-typescript makes from the spec today.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const committed = "src/generated/schema.ts";
const dir = mkdtempSync(join(tmpdir(), "parzen-fresh-"));
const fresh = join(dir, "schema.ts");
try {
  // The same command as `pnpm generate`, with the output sent to the scratch file.
  const [command, ...args] = JSON.parse(readFileSync("package.json", "utf8")).scripts.generate.split(" ");
  const out = args.indexOf("-o");
  args[out + 1] = fresh;
  execFileSync(command, args, { stdio: "pipe" });
  if (readFileSync(fresh, "utf8") !== readFileSync(committed, "utf8")) {
    console.error(`${committed} is stale: run \`pnpm generate\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${committed} matches spec/openapi.yaml`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
