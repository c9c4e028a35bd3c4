import { SimpleList } from "../components/simple-list.js";

/** The team's agents. */
export function AgentsPage() {
  return (
    <SimpleList
      title="Agents"
      load={(client, signal) => client.agents.list({ page_size: 100 }, { signal })}
      to={(a) => `/agents/${a.id}`}
      label={(a) => a.name}
      detail={(a) => <span className="muted">{a.agent_type}</span>}
      empty="No agents yet (create them through the API or the CLI)."
    />
  );
}
