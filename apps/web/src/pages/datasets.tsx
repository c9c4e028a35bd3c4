import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { ErrorBox, Loading, num, ProgressBar, StatusBadge, when } from "../components/status.js";
import { useLoad } from "../components/use-load.js";
import { useClient } from "../session/session-context.js";

/** Upload a table as a new dataset: the file goes up with a progress bar, then becomes version 1. */
function UploadForm() {
  const client = useClient();
  const navigate = useNavigate();
  const [file, setFile] = useState<File>();
  const [name, setName] = useState("");
  const [progress, setProgress] = useState<number>();
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setError(undefined);
    setProgress(0);
    try {
      const uploaded = await client.files.upload(file, {
        name: file.name,
        onProgress: (sent, total) => setProgress(total ? sent / total : 0),
      });
      setProgress(1);
      const dataset = await client.datasets.create({ name: name.trim() || file.name, file_id: uploaded.id });
      navigate(`/datasets/${dataset.id}`);
    } catch (e) {
      setError(e);
      setProgress(undefined);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="upload-title">
      <h2 id="upload-title">Upload a dataset</h2>
      <div className="fields">
        <label>
          File (CSV, TSV, Parquet, JSON)
          <input
            type="file"
            accept=".csv,.tsv,.parquet,.json,.jsonl,.gz"
            required
            onChange={(e) => setFile(e.target.files?.[0])}
          />
        </label>
        <label>
          Name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={file?.name ?? "my data"}
          />
        </label>
      </div>
      {progress !== undefined && <ProgressBar value={progress} label="Upload progress" />}
      <button type="submit" disabled={!file || progress !== undefined}>
        Upload
      </button>
      <ErrorBox error={error} />
    </form>
  );
}

/** The team's datasets, newest first, and the upload form. */
export function DatasetsPage() {
  const datasets = useLoad((client, signal) => client.datasets.list({ page_size: 100 }, { signal }), []);
  return (
    <>
      <h1>Datasets</h1>
      <UploadForm />
      <Loading loaded={datasets}>
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">No datasets yet.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>Datasets</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Rows</th>
                    <th scope="col">Version</th>
                    <th scope="col">Status</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((d) => (
                    <tr key={d.id}>
                      <td>
                        <Link to={`/datasets/${d.id}`}>{d.name}</Link>
                      </td>
                      <td>{num(d.record_count)}</td>
                      <td>{d.current_version_no ?? "–"}</td>
                      <td>
                        <StatusBadge status={d.processing_status} />
                      </td>
                      <td>{when(d.created_at)}</td>
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
