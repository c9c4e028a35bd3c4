import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { HttpError } from "../http/errors.js";

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const CANDIDATES = [",", "\t", ";", "|"];
const SNIFF_BYTES = 1 << 20;

/** A 400 about the data file, naming where in it the problem is. */
function unreadable(message: string, path = "body.file"): HttpError {
  return new HttpError(400, "unreadable_data", message, [{ path, message }]);
}

/** The header line (after `skip` lines) of the file's first MiB. */
async function headerLine(path: string, skip: number): Promise<string> {
  const handle = await open(path);
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    const lines = buffer.subarray(0, bytesRead).toString("utf8").split("\n");
    return lines.slice(skip).find((l) => l.trim() !== "") ?? "";
  } finally {
    await handle.close();
  }
}

/** The delimiter that splits the header line most often (outside quotes); `,` for a single-column file. */
function sniffDelimiter(header: string): string {
  const unquoted = header.replace(/"[^"]*"/g, "");
  let best = ",";
  let most = 0;
  for (const candidate of CANDIDATES) {
    const count = unquoted.split(candidate).length - 1;
    if (count > most) [best, most] = [candidate, count];
  }
  return best;
}

/** What the structural check learned: the delimiter to read with, the header's names, the data rows. */
export interface DelimitedShape {
  delimiter: string;
  columns: string[];
  rows: number;
}

/**
 * Walks delimited text (CSV, TSV) record by record — quotes per RFC 4180 with `""` inside them, CRLF or LF — and
 * refuses, naming the row, what a reader could only guess at: an empty file, a header without rows, a row with
 * more or fewer fields than the header, a quote that never closes, and duplicate column names (refused rather
 * than renamed, so a column is never silently another). Blank lines are skipped. Streams, so any size works.
 */
export async function checkDelimitedText(
  path: string,
  options: { delimiter?: string; headerRow?: number },
): Promise<DelimitedShape> {
  const skip = Math.max(0, (options.headerRow ?? 1) - 1);
  const delimiter = options.delimiter ?? sniffDelimiter(await headerLine(path, skip));
  const sep = delimiter.charCodeAt(0);
  let skipping = skip;
  let inQuote = false;
  let quoteJustClosed = false;
  let fieldStart = true;
  let fields = 0;
  let blank = true;
  let field: number[] = [];
  let names: string[] = [];
  let header: string[] | undefined;
  let row = 0; // data rows are 1-based; 0 while reading the header
  let line = skip + 1;
  let quoteLine = 0;

  const endField = () => {
    if (!header) names.push(Buffer.from(field).toString("utf8"));
    field = [];
    fields++;
    fieldStart = true;
    quoteJustClosed = false;
  };
  const endRecord = () => {
    if (blank) return;
    endField();
    if (!header) {
      header = names;
      names = [];
      checkNames(header);
    } else if (fields !== header.length) {
      throw unreadable(
        `Row ${row} (line ${line}) has ${fields} field(s) but the header has ${header.length}; every row needs one value per column.`,
        `data.row.${row}`,
      );
    }
    row++;
    fields = 0;
    blank = true;
  };

  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (skipping > 0) {
        if (c === LF) skipping--;
        continue;
      }
      if (inQuote) {
        if (c === QUOTE) {
          inQuote = false;
          quoteJustClosed = true;
        } else {
          if (c === LF) line++;
          if (!header) field.push(c);
        }
        continue;
      }
      if (c === QUOTE && (fieldStart || quoteJustClosed)) {
        // An opening quote, or the second of a doubled `""` inside a quoted value.
        if (quoteJustClosed && !header) field.push(c);
        inQuote = true;
        quoteLine = line;
        fieldStart = false;
        quoteJustClosed = false;
        blank = false;
        continue;
      }
      quoteJustClosed = false;
      if (c === sep) {
        blank = false;
        endField();
      } else if (c === LF) {
        endRecord();
        line++;
        fieldStart = true;
      } else if (c !== CR) {
        fieldStart = false;
        blank = false;
        if (!header) field.push(c);
      }
    }
  }
  if (inQuote)
    throw unreadable(
      `The quoted value that opens on line ${quoteLine} never closes (an unterminated quote).`,
      `data.row.${row}`,
    );
  endRecord();
  if (!header) throw unreadable("The file is empty: it has no header line and no rows.");
  if (row <= 1) throw unreadable("The file has a header line but no rows.");
  return { delimiter, columns: header, rows: row - 1 };
}

/** Refuses duplicate column names (DuckDB compares names without case, so `A` and `a` clash too). */
function checkNames(names: string[]): void {
  const seen = new Map<string, number>();
  for (const [i, raw] of names.entries()) {
    const name = raw.trim().toLowerCase();
    const before = seen.get(name);
    if (before !== undefined)
      throw unreadable(
        `Columns ${before + 1} and ${i + 1} are both named "${raw.trim()}"; rename one (names must be unique, compared without case).`,
        `data.${raw.trim()}`,
      );
    seen.set(name, i);
  }
}
