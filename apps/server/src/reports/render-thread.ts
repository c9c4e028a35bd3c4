// Draws report charts off the event loop: Vega's layout of a few thousand points takes long enough to hold up
// every other request.
import { parentPort } from "node:worker_threads";
import { renderSvg } from "./svg.js";

parentPort?.on("message", async ({ id, specs }: { id: number; specs: Record<string, unknown>[] }) => {
  try {
    const svgs: string[] = [];
    for (const spec of specs) svgs.push(await renderSvg(spec));
    parentPort?.postMessage({ id, svgs });
  } catch (error) {
    parentPort?.postMessage({ id, error: (error as Error).message });
  }
});
