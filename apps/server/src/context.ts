import type { BlobStore } from "./blobs/blob-store.js";
import type { UploadSigner } from "./files/signing.js";
import type { JobQueue } from "./jobs/queue.js";
import type { Limits } from "./limits.js";
import type { ChatModel } from "./llm/index.js";
import type { PredictThreads } from "./models/predict-threads.js";
import type { PredictorCache } from "./models/predictor-cache.js";
import type { Database } from "./store/database.js";

/** What the routes share: the stores, the job queue and the limits. */
export interface ServerContext {
  db: Database;
  blobs: BlobStore;
  signer: UploadSigner;
  queue: JobQueue;
  predictors: PredictorCache;
  /** Threads for large prediction requests (off the event loop). */
  predictThreads: PredictThreads;
  /** Largest accepted upload, in bytes. */
  uploadLimit: number;
  /** Allow `teacher_predict_url` to reach loopback and private addresses (off by default: SSRF guard). */
  allowPrivateTeacherUrls: boolean;
  /** Origins exempt from the SSRF guard's address check (`PARZEN_ALLOWED_PRIVATE_ORIGINS`). */
  allowedPrivateOrigins: string[];
  /** Where clients reach this server (`PARZEN_PUBLIC_URL`), for links it hands out; default the listening address. */
  publicUrl?: string;
  /** Bounds on the work one request may ask for (`limits.ts`). */
  limits: Limits;
  /** The optional language model (`PARZEN_LLM_*`); assistants answer deterministically without it. */
  llm?: ChatModel;
}
