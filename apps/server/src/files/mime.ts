import { open } from "node:fs/promises";
import { extname } from "node:path";

const BY_EXTENSION: Record<string, string> = {
  ".csv": "text/csv",
  ".tsv": "text/tab-separated-values",
  ".json": "application/json",
  ".jsonl": "application/x-ndjson",
  ".ndjson": "application/x-ndjson",
  ".parquet": "application/vnd.apache.parquet",
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".zip": "application/zip",
  ".gz": "application/gzip",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".onnx": "application/octet-stream",
};

const MAGIC: [number[], string][] = [
  [[0x50, 0x41, 0x52, 0x31], "application/vnd.apache.parquet"],
  [[0x25, 0x50, 0x44, 0x46], "application/pdf"],
  [[0x89, 0x50, 0x4e, 0x47], "image/png"],
  [[0xff, 0xd8, 0xff], "image/jpeg"],
  [[0x47, 0x49, 0x46, 0x38], "image/gif"],
  [[0x1f, 0x8b], "application/gzip"],
  [[0x50, 0x4b, 0x03, 0x04], "application/zip"],
];

function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  // A multi-byte character cut at the end of the sample is fine; anything else invalid is binary.
  const text = new TextDecoder("utf-8", { fatal: false }).decode(head);
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  return bad <= 1;
}

/** The file's type from its first bytes, with the name's extension to tell apart formats that share them. */
export function detectMime(head: Buffer, name: string): string {
  const ext = extname(name).toLowerCase();
  for (const [magic, mime] of MAGIC) {
    if (magic.every((b, i) => head[i] === b)) {
      // xlsx and friends are zip files; trust the extension for those.
      return mime === "application/zip" && BY_EXTENSION[ext] ? BY_EXTENSION[ext] : mime;
    }
  }
  if (!looksLikeText(head)) return "application/octet-stream";
  if (BY_EXTENSION[ext]?.startsWith("text/") || ext === ".json" || ext === ".jsonl" || ext === ".ndjson")
    return BY_EXTENSION[ext];
  const start = head.toString("utf8").trimStart();
  if (start.startsWith("{") || start.startsWith("[")) return "application/json";
  const lines = start.split(/\r?\n/, 3).filter(Boolean);
  if (lines.length >= 2 && lines[0].includes(",")) {
    const commas = (line: string) => line.split(",").length;
    if (commas(lines[0]) === commas(lines[1])) return "text/csv";
  }
  return "text/plain";
}

/** Reads the first bytes of a file on disk and detects its type. */
export async function detectFileMime(path: string, name: string): Promise<string> {
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return detectMime(head.subarray(0, bytesRead), name);
  } finally {
    await handle.close();
  }
}
