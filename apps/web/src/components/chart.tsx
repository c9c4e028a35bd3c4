import { useEffect, useRef, useState } from "react";
import { ErrorBox } from "./status.js";

/** A Vega-Lite chart rendered by vega-embed (loaded on first use), with a text title for screen readers. */
export function VegaChart({ spec, title }: { spec: Record<string, unknown>; title: string }) {
  const target = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<Error>();
  useEffect(() => {
    let finalize: (() => void) | undefined;
    let live = true;
    import("vega-embed")
      .then(({ default: embed }) =>
        target.current
          ? embed(
              target.current,
              { width: "container", ...spec } as never,
              {
                actions: false,
                renderer: "svg",
                description: title,
              } as never,
            )
          : undefined,
      )
      .then((result) => {
        if (result && !live) result.finalize();
        else finalize = result?.finalize;
      })
      .catch((e: Error) => live && setError(e));
    return () => {
      live = false;
      finalize?.();
    };
  }, [spec, title]);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <ErrorBox error={error} />
      <div ref={target} className="chart-body" />
    </figure>
  );
}
