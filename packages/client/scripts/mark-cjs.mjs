// The CommonJS build sits in a package of type "module": this marker makes Node (and TypeScript) read dist/cjs as CommonJS.
import { writeFileSync } from "node:fs";

writeFileSync(
  new URL("../dist/cjs/package.json", import.meta.url),
  `${JSON.stringify({ type: "commonjs" })}\n`,
);
