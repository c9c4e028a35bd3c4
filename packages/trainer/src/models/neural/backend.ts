import { createRequire } from "node:module";
import { dirname, join } from "node:path";
// The chained tensor methods' types (`x.mul(y)`); `vendor/tfjs-extras.js` registers the methods themselves.
import type {} from "@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js";

/** @internal TensorFlow.js core, kept out of the published types (they need tfjs-core's own ambient types). */
export type Tf = typeof import("@tensorflow/tfjs-core");

let tf: Tf | undefined;
let loading: Promise<Tf> | undefined;

/**
 * Loads TensorFlow.js core with its WebAssembly backend (the `.wasm` files come from the npm package; the native
 * `tfjs-node` cannot install here). Loaded on first need, so users of the tree and linear families never pay for it.
 */
export async function ensureNeuralBackend(): Promise<void> {
  await loadBackend();
}

function loadBackend(): Promise<Tf> {
  loading ??= (async () => {
    const lib = await import("@tensorflow/tfjs-core");
    // Gradients (for the optimiser) and chained tensor methods: see scripts/bundle-tfjs-extras.mjs.
    await import("../../../vendor/tfjs-extras.js");
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    const require = createRequire(import.meta.url);
    wasm.setWasmPaths(
      `${join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist")}/`,
    );
    await lib.setBackend("wasm");
    await lib.ready();
    tf = lib;
    return lib;
  })();
  return loading;
}

/** @internal TensorFlow.js, once `ensureNeuralBackend()` has resolved (fitting and predicting are synchronous). */
export function neuralBackend(): Tf {
  if (!tf) {
    throw new Error(
      "The neural backend is not loaded: await ensureNeuralBackend() (train() and loadModel() do it).",
    );
  }
  return tf;
}
