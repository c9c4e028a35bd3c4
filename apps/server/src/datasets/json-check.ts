import { createReadStream } from "node:fs";
import { HttpError } from "../http/errors.js";
import { JsonDepthScanner } from "../http/json-depth.js";

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf]); // and a UTF-8 byte-order mark

function refuse(message: string): HttpError {
  return new HttpError(400, "unreadable_data", message, [{ path: "body.file", message }]);
}

/**
 * Checks a JSON data file before DuckDB reads it: it must hold records (an array or objects, one per line), not
 * a scalar or nothing, and nest no deeper than `maxDepth` — measured while streaming, without parsing, so a small
 * file nested thousands deep is refused at once instead of keeping a reader busy.
 */
export async function checkJsonData(path: string, maxDepth: number): Promise<void> {
  const scanner = new JsonDepthScanner(maxDepth);
  let first: number | undefined;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    if (first === undefined) first = chunk.find((c) => !WHITESPACE.has(c));
    if (scanner.push(chunk))
      throw refuse(`The JSON data nests arrays and objects deeper than ${maxDepth} levels (max_json_depth).`);
  }
  if (first === undefined) throw refuse("The file is empty: it holds no JSON records.");
  if (first !== 0x5b && first !== 0x7b)
    throw refuse(
      "The JSON data is a single value, not records: send an array of objects or one object per line.",
    );
}
