import { Link } from "react-router";
import { Loading, num, when } from "../components/status.js";
import { useLoad } from "../components/use-load.js";

/** The team's models, newest first. */
export function ModelsPage() {
  const models = useLoad((client, signal) => client.models.list({ page_size: 100 }, { signal }), []);
  return (
    <>
      <h1>Models</h1>
      <Loading loaded={models}>
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">
              No models yet: <Link to="/training">train one</Link>.
            </p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="sr-only">Models</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Task</th>
                    <th scope="col">Score</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((m) => (
                    <tr key={m.id}>
                      <td>
                        <Link to={`/models/${m.id}`}>{m.name}</Link>
                      </td>
                      <td>{m.kind}</td>
                      <td>{String(m.task.kind)}</td>
                      <td>
                        {m.metric} {num(m.scores[m.metric])}
                      </td>
                      <td>{when(m.created_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loading>
    </>
  );
}
