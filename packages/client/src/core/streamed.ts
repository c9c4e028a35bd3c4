/**
 * Requests whose body streams from a file, a stream or a Blob (uploads). They are sent through the platform's
 * upload sender (`core/platform.ts`) rather than the global `fetch`, with their progress reported when asked.
 */
export type UploadProgress = (sentBytes: number, totalBytes: number | undefined) => void;

const streamedRequests = new WeakMap<Request, UploadProgress | undefined>();

/** Marks a request as a streamed upload, with an optional progress callback. */
export function streamed(request: Request, onProgress?: UploadProgress): Request {
  streamedRequests.set(request, onProgress);
  return request;
}

/** Whether a request is a streamed upload (see `streamed`). */
export function isStreamed(request: Request): boolean {
  return streamedRequests.has(request);
}

/** The progress callback a streamed upload was marked with. */
export function progressOf(request: Request): UploadProgress | undefined {
  return streamedRequests.get(request);
}
