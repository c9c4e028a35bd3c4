import type { TrialRecord } from "@parzen/trainer";
import type { Queryable } from "../store/database.js";

/** Journals a finished trial of a job, so a later attempt of the job skips it. */
export async function appendTrial(db: Queryable, jobId: string, record: TrialRecord): Promise<void> {
  // JSON has no NaN; a failed trial's value is stored as null and read back as NaN.
  await db.query("INSERT INTO job_trials (job_id, record) VALUES ($1, $2)", [jobId, JSON.stringify(record)]);
}

/** The trials earlier attempts of a job finished, in the order they finished. */
export async function loadTrials(db: Queryable, jobId: string): Promise<TrialRecord[]> {
  const rows = await db.query<{ record: TrialRecord }>(
    "SELECT record FROM job_trials WHERE job_id = $1 ORDER BY seq",
    [jobId],
  );
  return rows.map(({ record }) => ({ ...record, value: record.value ?? Number.NaN }));
}
