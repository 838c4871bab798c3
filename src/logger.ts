/**
 * @module Structured JSON logs, one line per event. Errors are reduced to name and message so
 * no request body, token or secret is ever serialised by accident.
 */

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

function describe(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

/** A logger writing JSON lines through `write` (stdout by default) at or above `level`. */
export function createLogger({
  level = "info",
  write = (line: string) => console.log(line),
}: {
  level?: LogLevel;
  write?: (line: string) => void;
} = {}): Logger {
  const log = (
    at: Exclude<LogLevel, "silent">,
    message: string,
    fields?: Record<string, unknown>,
  ) => {
    if (ORDER[at] < ORDER[level]) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level: at, message };
    for (const [key, value] of Object.entries(fields ?? {})) entry[key] = describe(value);
    write(JSON.stringify(entry));
  };
  return {
    debug: (message, fields) => log("debug", message, fields),
    info: (message, fields) => log("info", message, fields),
    warn: (message, fields) => log("warn", message, fields),
    error: (message, fields) => log("error", message, fields),
  };
}

const encoder = new TextEncoder();

/**
 * A short, stable digest of an identifier (a WeChat OpenID, a WeCom UserID) for log lines: the
 * lines about one sender can be followed without the logs holding who the sender is.
 */
export async function hashForLog(identifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(`log:${identifier}`));
  return [...new Uint8Array(digest).slice(0, 8)]
    .map((byte) => byte.toString(16).padStart(2, "0"))
    .join("");
}
