import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export type Tf = typeof import("@tensorflow/tfjs");

let tf: Tf | undefined;
let loading: Promise<Tf> | undefined;

/**
 * Loads TensorFlow.js with its WebAssembly backend (the `.wasm` files come from the npm package; the native
 * `tfjs-node` cannot install here). Loaded on first need, so users of the tree and linear families never pay for it.
 */
export function ensureNeuralBackend(): Promise<Tf> {
  loading ??= (async () => {
    const lib = await import("@tensorflow/tfjs");
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

/** TensorFlow.js, once `ensureNeuralBackend()` has resolved (fitting and predicting are synchronous). */
export function neuralBackend(): Tf {
  if (!tf) {
    throw new Error(
      "The neural backend is not loaded: await ensureNeuralBackend() (train() and loadModel() do it).",
    );
  }
  return tf;
}
