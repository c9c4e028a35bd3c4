import { SimpleList } from "../../components/simple-list.js";

/** The team's pipelines. */
export function PipelinesPage() {
  return (
    <SimpleList
      title="Pipelines"
      load={(client, signal) => client.pipelines.list({ page_size: 100 }, { signal })}
      to={(p) => `/pipelines/${p.id}`}
      label={(p) => p.name}
      empty="No pipelines yet (create them through the API, the CLI or the pipeline assistant)."
    />
  );
}
