import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/**
 * Draws a Vega-Lite spec as an SVG string, headless (no browser, no canvas): Vega's scenegraph is rendered by its
 * SVG string renderer. Data must be inline; the loader refuses anything else, so a spec can never fetch.
 */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const compiled = compile(spec as unknown as TopLevelSpec).spec;
  const loader = vega.loader();
  loader.load = async (uri: string) => {
    throw new Error(`Report charts take inline data only (asked to load ${uri}).`);
  };
  const view = new vega.View(vega.parse(compiled), { renderer: "none", loader, logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
