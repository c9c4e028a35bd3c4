import { SimpleList } from "../components/simple-list.js";

/** The team's monitors. */
export function MonitorsPage() {
  return (
    <SimpleList
      title="Monitors"
      load={(client, signal) => client.monitors.list({ page_size: 100 }, { signal })}
      to={(m) => `/monitors/${m.id}`}
      label={(m) => m.name}
      detail={(m) => (
        <span className={m.alert_count > 0 ? "badge badge-failed" : "muted"}>{m.alert_count} alerts</span>
      )}
      empty="No monitors yet: start one from a deployment."
    />
  );
}
