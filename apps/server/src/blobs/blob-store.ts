import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { HttpError } from "../http/errors.js";

/** What a write measured on the way to disk. */
export interface StoredBlob {
  size: number;
  sha256: string;
}

/**
 * Artifacts (uploaded bytes, dataset versions as Parquet, model files) under one directory, by key. Writes go to
 * a temporary name first and are renamed into place, so a reader never sees half a blob and a crash leaves none.
 * Several machines share it when the directory is on shared storage.
 */
export class BlobStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The absolute path of a key (keys are server-made: `files/<uuid>`, never user input). */
  path(key: string): string {
    return join(this.root, key);
  }

  /** Streams `source` into `key`, hashing it and refusing more than `maxBytes` (413, nothing kept). */
  async write(key: string, source: Readable, maxBytes = Number.POSITIVE_INFINITY): Promise<StoredBlob> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${randomUUID()}.part`;
    const hash = createHash("sha256");
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) {
          done(new HttpError(413, "payload_too_large", `The upload is larger than ${maxBytes} bytes.`));
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(temp));
      if ((source as { truncated?: boolean }).truncated) {
        throw new HttpError(413, "payload_too_large", "The upload is larger than the server's limit.");
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { size, sha256: hash.digest("hex") };
  }

  /** Moves a file already on disk (e.g. DuckDB's output) into `key`. */
  async adopt(key: string, file: string): Promise<number> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    await rename(file, target);
    return (await stat(target)).size;
  }

  /** A scratch path inside the store (same file system, so `adopt` is a rename). */
  async scratch(suffix: string): Promise<string> {
    const dir = this.path("tmp");
    await mkdir(dir, { recursive: true });
    return join(dir, `${randomUUID()}${suffix}`);
  }

  read(key: string): Readable {
    return createReadStream(this.path(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true, recursive: true });
  }
}
