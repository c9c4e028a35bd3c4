const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * Measures how deeply arrays and objects nest in JSON text fed to it in pieces (bytes or a string), without
 * parsing it: brackets inside strings do not count. It exists so a small document nested thousands deep is refused
 * before a parser (ours or DuckDB's) spends time or stack on it.
 */
export class JsonDepthScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The deepest nesting seen so far. */
  deepest = 0;

  constructor(private readonly limit: number) {}

  /** Feeds the next piece; returns true as soon as the nesting passes the limit. */
  push(chunk: Uint8Array | string): boolean {
    const text = typeof chunk === "string";
    for (let i = 0; i < chunk.length; i++) {
      const c = text ? (chunk as string).charCodeAt(i) : (chunk as Uint8Array)[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
      } else if (c === QUOTE) this.inString = true;
      else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
        this.depth++;
        if (this.depth > this.deepest) this.deepest = this.depth;
        if (this.depth > this.limit) return true;
      } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) this.depth--;
    }
    return false;
  }
}

/** Whether JSON text nests arrays and objects deeper than `limit`. */
export function jsonTooDeep(text: string, limit: number): boolean {
  return new JsonDepthScanner(limit).push(text);
}
