import { SimpleList } from "../components/simple-list.js";

/** The team's reports. */
export function ReportsPage() {
  return (
    <SimpleList
      title="Reports"
      load={(client, signal) => client.reports.list({ page_size: 100 }, { signal })}
      to={(r) => `/reports/${r.id}`}
      label={(r) => r.title}
      empty="No reports yet: make one from a model or a deployment."
    />
  );
}
