import { Link, useSearchParams } from "react-router";
import { Loading, StatusBadge, when } from "../components/status.js";
import { useLoad } from "../components/use-load.js";
import { TrainingForm } from "./training-form.js";

/** The training form and the team's training jobs. */
export function TrainingPage() {
  const [params] = useSearchParams();
  const jobs = useLoad(
    (client, signal) => client.jobs.list({ kind: "trainer.run", page_size: 50 }, { signal }),
    [],
  );
  return (
    <>
      <h1>Training</h1>
      <TrainingForm initialDataset={params.get("dataset") ?? undefined} />
      <section aria-labelledby="runs-title">
        <h2 id="runs-title">Runs</h2>
        <Loading loaded={jobs}>
          {(page) =>
            page.items.length === 0 ? (
              <p className="muted">No training runs yet.</p>
            ) : (
              <ul className="list">
                {page.items.map((job) => (
                  <li key={job.id}>
                    <Link to={`/training/${job.id}`}>Run of {when(job.created_at)}</Link>{" "}
                    <StatusBadge status={job.status} />
                  </li>
                ))}
              </ul>
            )
          }
        </Loading>
      </section>
    </>
  );
}
