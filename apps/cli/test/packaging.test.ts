import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = new URL("../../../", import.meta.url).pathname;
const PACKAGES = {
  "@parzen/client": "packages/client",
  "@parzen/trainer": "packages/trainer",
  "@parzen/server": "apps/server",
  "@parzen/cli": "apps/cli",
};
const scratch = mkdtempSync(join(tmpdir(), "parzen-consumer-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function pnpm(args: string[], cwd: string) {
  return run("pnpm", args, { cwd, env: { ...process.env, CI: "true" }, maxBuffer: 32 * 2 ** 20 });
}

/**
 * Packs every publishable package as npm would publish it, installs the tarballs into a project outside the
 * workspace (offline: only the pnpm store, no registry), type-checks a strict consumer in ESM and CommonJS with
 * skipLibCheck off, runs both, and runs the installed `parzen` command.
 */
describe("the packed packages", () => {
  it("install outside the workspace, type-check strictly and run from ESM, CommonJS and the shell", async () => {
    const tarballs: Record<string, string> = {};
    for (const [name, dir] of Object.entries(PACKAGES)) {
      const before = new Set(readdirSync(scratch));
      await pnpm(["pack", "--pack-destination", scratch], join(root, dir));
      const made = readdirSync(scratch).find((f) => f.endsWith(".tgz") && !before.has(f));
      tarballs[name] = `file:${join(scratch, made!)}`;
    }
    const { stdout: store } = await pnpm(["store", "path"], root);
    const typescript = (
      await run(process.execPath, ["-p", "require('typescript/package.json').version"], {
        cwd: join(root, "packages/client"),
      })
    ).stdout.trim();
    const typesNode = (
      await run(process.execPath, ["-p", "require('@types/node/package.json').version"], {
        cwd: join(root, "packages/client"),
      })
    ).stdout.trim();
    const project = join(scratch, "consumer");
    cpSync(new URL("./fixtures/consumer", import.meta.url).pathname, project, { recursive: true });
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({
        name: "consumer",
        private: true,
        dependencies: {
          "@parzen/client": tarballs["@parzen/client"],
          "@parzen/trainer": tarballs["@parzen/trainer"],
          "@parzen/cli": tarballs["@parzen/cli"],
        },
        devDependencies: { typescript, "@types/node": typesNode },
        pnpm: { overrides: tarballs, onlyBuiltDependencies: [] },
      }),
    );
    writeFileSync(join(project, ".npmrc"), `store-dir=${store.trim()}\nonnxruntime-node-install=skip\n`);
    await pnpm(["install", "--prefer-offline", "--ignore-workspace"], project);

    await run(join(project, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"], { cwd: project });
    const wine = join(root, "examples/wine.csv");
    const esm = JSON.parse((await run(process.execPath, ["out/esm.mjs", wine], { cwd: project })).stdout);
    expect(esm).toMatchObject({ ready: true, extension: "csv", uploadError: true, metric: "logloss" });
    expect(esm.score).toBeLessThan(0.2);
    const cjs = JSON.parse((await run(process.execPath, ["out/cjs.cjs"], { cwd: project })).stdout);
    expect(cjs).toEqual({ connection: true, strategies: ["optuna", "tpe", "random"] });

    const bin = join(project, "node_modules/.bin/parzen");
    expect((await run(bin, ["train", "--help"], { cwd: project })).stdout).toMatch(
      /--trials <n>.*\(default: 1\)/s,
    );
    const trained = await run(
      bin,
      ["train", "--data", wine, "--label", "cultivar", "--models", "linear", "--folds", "3", "--json"],
      { cwd: project },
    );
    expect(JSON.parse(trained.stdout)).toMatchObject({ task: "multiclass", rows: 178 });
  }, 240_000);
});
