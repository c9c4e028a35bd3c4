import { useParams } from "react-router";
import { Loading } from "../components/status.js";
import { useLoad } from "../components/use-load.js";

/** A report: the server's self-contained HTML page, embedded in a sandboxed frame (it has no scripts). */
export function ReportPage() {
  const { id = "" } = useParams();
  const report = useLoad(
    async (client, signal) => {
      const [meta, html] = await Promise.all([
        client.reports.retrieve(id, { signal }),
        client.reports.html(id, { signal }),
      ]);
      return { meta, html };
    },
    [id],
  );
  return (
    <Loading loaded={report}>
      {({ meta, html }) => (
        <>
          <h1>{meta.title}</h1>
          <iframe className="report-frame" title={`Report: ${meta.title}`} sandbox="" srcDoc={html} />
        </>
      )}
    </Loading>
  );
}
