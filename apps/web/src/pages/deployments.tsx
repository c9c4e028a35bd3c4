import { Link } from "react-router";
import { SimpleList } from "../components/simple-list.js";

/** The team's deployments. */
export function DeploymentsPage() {
  return (
    <SimpleList
      title="Deployments"
      load={(client, signal) => client.deployments.list({ page_size: 100 }, { signal })}
      to={(d) => `/deployments/${d.id}`}
      label={(d) => d.name}
      detail={(d) => <span className="muted">version {d.version}</span>}
      empty={
        <>
          No deployments yet: deploy one from a <Link to="/models">model</Link>.
        </>
      }
    />
  );
}
