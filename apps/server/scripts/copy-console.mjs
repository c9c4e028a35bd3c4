// Ships the built console (apps/web) inside the server's dist, so `parzen-server` serves it at `/` wherever the
// package is installed. Without a built console (a partial build) the server simply serves no console.
import { cpSync, existsSync, rmSync } from "node:fs";

const from = new URL("../../web/dist/", import.meta.url);
const to = new URL("../dist/console/", import.meta.url);
rmSync(to, { recursive: true, force: true });
if (existsSync(new URL("index.html", from))) cpSync(from, to, { recursive: true });
