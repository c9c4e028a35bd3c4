/**
 * The browser's side of `platform.ts` (same exports; the browser build puts this file in its place). Uploads go
 * through `XMLHttpRequest`, the one browser API that reports upload progress (and streams a `File` from disk);
 * paths and saving to files do not exist here.
 */
import type * as NodePlatform from "./platform.js";

/** Which platform this build is for. */
export const platformName: typeof NodePlatform.platformName = "browser";

/** The part of the DOM's `XMLHttpRequest` used here (the package builds without the DOM library). */
interface Xhr {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  getAllResponseHeaders(): string;
  send(body: Blob | null): void;
  abort(): void;
  responseType: string;
  readonly status: number;
  readonly response: Blob;
  readonly upload: { onprogress: ((event: { loaded: number }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}

// Headers a page may not set; XMLHttpRequest logs an error for each one it is asked to set.
const FORBIDDEN = new Set(["content-length", "host", "connection", "keep-alive", "transfer-encoding"]);

/** Sends an upload with `XMLHttpRequest`, reporting the bytes sent, and answers a standard `Response`. */
export const sendStreamed: typeof NodePlatform.sendStreamed = async (request, init, onProgress) => {
  const body = request.body ? await request.blob() : null;
  const signal = init?.signal ?? request.signal;
  return new Promise<Response>((resolve, reject) => {
    const xhr = new (globalThis as unknown as { XMLHttpRequest: new () => Xhr }).XMLHttpRequest();
    xhr.open(request.method, request.url);
    xhr.responseType = "blob";
    request.headers.forEach((value, name) => {
      if (!FORBIDDEN.has(name)) xhr.setRequestHeader(name, value);
    });
    if (onProgress) xhr.upload.onprogress = (event) => onProgress(event.loaded, body?.size);
    const abort = () => xhr.abort();
    signal?.addEventListener("abort", abort, { once: true });
    xhr.onload = () => {
      signal?.removeEventListener("abort", abort);
      const headers = new Headers();
      for (const line of xhr
        .getAllResponseHeaders()
        .trim()
        .split(/[\r\n]+/)) {
        const at = line.indexOf(":");
        if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
      }
      const empty = [204, 205, 304].includes(xhr.status);
      resolve(new Response(empty ? null : xhr.response, { status: xhr.status, headers }));
    };
    xhr.onerror = () => reject(new TypeError(`Network error sending ${request.method} ${request.url}`));
    xhr.onabort = () => reject(signal?.reason ?? new DOMException("Aborted", "AbortError"));
    xhr.send(body);
  });
};

const noFiles = (what: string) => `${what} is not available in a browser: pass a File or Blob instead.`;

/** Paths name nothing in a browser. */
export const openPath: typeof NodePlatform.openPath = async (path, fail) => {
  throw fail(noFiles(`Uploading the path "${path}"`));
};

/** `file:` URLs name nothing in a browser. */
export const filePath: typeof NodePlatform.filePath = async (url) => {
  throw new TypeError(noFiles(`Uploading ${url}`));
};

/** Saving to a file path is Node only. */
export const saveStream: typeof NodePlatform.saveStream = async () => {
  throw new TypeError("Saving a download to a path is not available in a browser; leave `path` out.");
};

/** Saving to a file path is Node only. */
export const saveText: typeof NodePlatform.saveText = async () => {
  throw new TypeError("Saving to a path is not available in a browser; leave `path` out.");
};
