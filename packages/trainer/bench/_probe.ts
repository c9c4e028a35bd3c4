import { gbdt } from "../src/index.js";
import { makeData } from "./speed-data.js";

const data = makeData(300_000);
const t = performance.now();
gbdt.fit({
  ...data,
  kind: "binary",
  nClasses: 2,
  params: { n_estimators: 30, max_leaves: 31, n_threads: 1, kernel: "wasm" },
  seed: 1,
});
console.log(((performance.now() - t) / 1000).toFixed(2));
