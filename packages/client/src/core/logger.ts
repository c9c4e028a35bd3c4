/** How much the client logs; `PARZEN_LOG` sets it when the client options do not. */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/** Where log lines go; `console` fits. */
export interface Logger {
  error(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

const RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };
const SECRET_HEADERS = new Set(["authorization", "refresh-token", "access-token", "cookie"]);

/** The level from the option, else `PARZEN_LOG`, else `warn`; unknown values fall back to `warn`. */
export function resolveLogLevel(option: LogLevel | undefined): LogLevel {
  const env = typeof process === "undefined" ? undefined : process.env.PARZEN_LOG;
  const level = (option ?? env ?? "warn").toLowerCase();
  return level in RANK ? (level as LogLevel) : "warn";
}

/** A logger that drops lines below `level` and prefixes the rest with `[parzen]`. */
export function levelLogger(level: LogLevel, sink: Logger = console): Logger {
  const at = (wanted: LogLevel) =>
    RANK[level] >= RANK[wanted]
      ? (message: string, ...rest: unknown[]) =>
          sink[wanted as Exclude<LogLevel, "off">](`[parzen] ${message}`, ...rest)
      : () => {};
  return { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}

/** Headers as a plain object for a log line, with credentials shown only by their first characters. */
export function redactedHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = SECRET_HEADERS.has(name) ? `${value.slice(0, value.indexOf(" ") + 5)}…` : value;
  });
  return out;
}
