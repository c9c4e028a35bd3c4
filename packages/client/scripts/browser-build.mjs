// The browser build: the ESM build with core/platform.js replaced by its browser twin, so no `node:` module is
// referenced anywhere a bundler for the browser looks (the "browser" condition of the package's exports).
import { cpSync, renameSync, rmSync } from "node:fs";

const esm = new URL("../dist/esm/", import.meta.url);
const browser = new URL("../dist/browser/", import.meta.url);
rmSync(browser, { recursive: true, force: true });
cpSync(esm, browser, { recursive: true });
// Only the code is swapped: the declarations of both are the same (the browser one is typed from the Node one).
for (const ext of [".js", ".js.map"]) {
  rmSync(new URL(`core/platform${ext}`, browser), { force: true });
  try {
    renameSync(new URL(`core/platform.browser${ext}`, browser), new URL(`core/platform${ext}`, browser));
  } catch {
    // Maps are optional.
  }
}
