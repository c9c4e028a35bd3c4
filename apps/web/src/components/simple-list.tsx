import type { Page, ParzenClient } from "@parzen/client";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { Loading, when } from "./status.js";
import { useLoad } from "./use-load.js";

interface Item {
  id: string;
  created_at: string;
}

/** A page listing one kind of object, each linking to its own page. */
export function SimpleList<T extends Item>({
  title,
  load,
  to,
  label,
  detail,
  empty,
}: {
  title: string;
  load: (client: ParzenClient, signal: AbortSignal) => Promise<Page<T>>;
  to: (item: T) => string;
  label: (item: T) => string;
  detail?: (item: T) => ReactNode;
  empty: ReactNode;
}) {
  const page = useLoad(load, []);
  return (
    <>
      <h1>{title}</h1>
      <Loading loaded={page}>
        {(p) =>
          p.items.length === 0 ? (
            <p className="muted">{empty}</p>
          ) : (
            <ul className="list">
              {p.items.map((item) => (
                <li key={item.id}>
                  <Link to={to(item)}>{label(item)}</Link> {detail?.(item)}{" "}
                  <span className="muted">{when(item.created_at)}</span>
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
    </>
  );
}
