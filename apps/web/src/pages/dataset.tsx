import { Link, useParams } from "react-router";
import { Loading, num, StatusBadge, when } from "../components/status.js";
import { useLoad, usePolling } from "../components/use-load.js";
import { ProfileView } from "./dataset-profile.js";

/** One dataset: its versions, the current version's schema and the data profile. */
export function DatasetPage() {
  const { id = "" } = useParams();
  const dataset = useLoad((client, signal) => client.datasets.retrieve(id, { signal }), [id]);
  const processing = dataset.data?.processing_status === "processing";
  usePolling(processing, 1000, dataset.reload);
  const ready = dataset.data?.processing_status === "completed";
  return (
    <Loading loaded={dataset}>
      {(d) => (
        <>
          <h1>{d.name}</h1>
          <p>
            <StatusBadge status={d.processing_status} /> {num(d.record_count)} rows, version{" "}
            {d.current_version_no ?? "–"} · <Link to={`/training?dataset=${d.id}`}>Train a model on it</Link>
          </p>
          {ready && <Details datasetId={d.id} />}
        </>
      )}
    </Loading>
  );
}

function Details({ datasetId }: { datasetId: string }) {
  const versions = useLoad(
    (client, signal) => client.datasets.listDataVersions(datasetId, { page_size: 50 }, { signal }),
    [datasetId],
  );
  const profile = useLoad((client, signal) => client.datasets.getProfile(datasetId, { signal }), [datasetId]);
  return (
    <>
      <Loading loaded={versions}>
        {(page) => (
          <>
            <section aria-labelledby="versions-title">
              <h2 id="versions-title">Versions</h2>
              <div className="table-wrap">
                <table>
                  <caption className="sr-only">Versions</caption>
                  <thead>
                    <tr>
                      <th scope="col">Version</th>
                      <th scope="col">Rows</th>
                      <th scope="col">Stored size</th>
                      <th scope="col">Created</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((v) => (
                      <tr key={v.id}>
                        <td>{v.version_no}</td>
                        <td>{num(v.row_count)}</td>
                        <td>{(v.size_bytes / 1024).toFixed(1)} KiB</td>
                        <td>{when(v.created_at)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
            {page.items[0] && (
              <section aria-labelledby="schema-title">
                <h2 id="schema-title">Schema</h2>
                <ul className="schema">
                  {page.items[0].columns.map((c) => (
                    <li key={c.name}>
                      <code>{c.name}</code> <span className="muted">{c.type}</span>
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </>
        )}
      </Loading>
      <Loading loaded={profile}>{(p) => <ProfileView profile={p} />}</Loading>
    </>
  );
}
