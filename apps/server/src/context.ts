import type { BlobStore } from "./blobs/blob-store.js";
import type { UploadSigner } from "./files/signing.js";
import type { JobQueue } from "./jobs/queue.js";
import type { PredictorCache } from "./models/predictor-cache.js";
import type { Database } from "./store/database.js";

/** What the routes share: the stores, the job queue and the limits. */
export interface ServerContext {
  db: Database;
  blobs: BlobStore;
  signer: UploadSigner;
  queue: JobQueue;
  predictors: PredictorCache;
  /** Largest accepted upload, in bytes. */
  uploadLimit: number;
  /** Allow `teacher_predict_url` to reach loopback and private addresses (off by default: SSRF guard). */
  allowPrivateTeacherUrls: boolean;
}
