// The browser build: the ESM build with core/platform.js replaced by its browser twin, so no `node:` module is
// referenced anywhere a bundler for the browser looks (the "browser" condition of the package's exports).
import { cpSync, renameSync, rmSync } from "node:fs";

const esm = new URL("../dist/esm/", import.meta.url);
const browser = new URL("../dist/browser/", import.meta.url);
rmSync(browser, { recursive: true, force: true });
cpSync(esm, browser, { recursive: true });
// Only the code is swapped: the declarations of both are the same (the browser one is typed from the Node one).
// The swapped file keeps pointing at its own source map (platform.browser.js.map), which stays where it is.
rmSync(new URL("core/platform.js.map", browser), { force: true });
renameSync(new URL("core/platform.browser.js", browser), new URL("core/platform.js", browser));
