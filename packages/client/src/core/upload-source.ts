/** What `files.upload` and `datasets.uploadData` accept: a file path (Node), bytes, a Blob, or a stream of bytes. */
export type UploadSource =
  | string
  | Uint8Array
  | ArrayBuffer
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>;

/** The upload as a Blob with a name: paths are read from disk (Node only), streams are collected. */
export async function toBlob(source: UploadSource, name?: string): Promise<{ blob: Blob; name: string }> {
  if (typeof source === "string") {
    const [{ readFile }, { basename }] = await Promise.all([import("node:fs/promises"), import("node:path")]);
    return { blob: new Blob([await readFile(source)]), name: name ?? basename(source) };
  }
  if (source instanceof Blob) return { blob: source, name: name ?? (source as File).name ?? "upload" };
  if (source instanceof Uint8Array || source instanceof ArrayBuffer)
    return {
      blob: new Blob([source as ConstructorParameters<typeof Blob>[0][number]]),
      name: name ?? "upload",
    };
  const chunks: ConstructorParameters<typeof Blob>[0][number][] = [];
  const iterable =
    source instanceof ReadableStream ? (source as unknown as AsyncIterable<Uint8Array>) : source;
  for await (const chunk of iterable) chunks.push(chunk as ConstructorParameters<typeof Blob>[0][number]);
  return { blob: new Blob(chunks), name: name ?? "upload" };
}

/** A multipart form with the upload in a part named `file` and the given text fields. */
export function uploadForm(
  blob: Blob,
  name: string,
  fields: Record<string, string | undefined> = {},
): FormData {
  const form = new FormData();
  form.set("file", blob, name);
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) form.set(key, value);
  return form;
}
