/**
 * @module What a Worker is given: its bindings and variables (`wrangler.toml`, secrets), typed by
 * the few calls this project makes of them, so no Workers type package is needed.
 */

import type { DurableObjectNamespaceBinding } from "./channel-state.ts";

/** A Workers KV namespace (https://developers.cloudflare.com/kv/api/). */
export interface KVNamespaceBinding {
  get(key: string, type: "json"): Promise<unknown>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A prepared D1 statement (https://developers.cloudflare.com/d1/worker-api/). */
export interface D1PreparedStatementBinding {
  bind(...values: unknown[]): D1PreparedStatementBinding;
  run(): Promise<unknown>;
  all<T = Record<string, unknown>>(): Promise<{ results: T[] }>;
}

/** A D1 database. */
export interface D1DatabaseBinding {
  prepare(query: string): D1PreparedStatementBinding;
}

/** The Worker's `env`: bindings by name, plus variables and secrets as strings. */
export interface WorkerEnv {
  /**
   * WeChat/WeCom state that must be right everywhere at once: single-flight per message,
   * per-user history, the access token. Without it, CHANNEL_KV holds them (eventually consistent).
   */
  CHANNEL_STATE?: DurableObjectNamespaceBinding;
  /** Staff console sessions; channel state too when CHANNEL_STATE is not bound. */
  CHANNEL_KV?: KVNamespaceBinding;
  /** Feedback and inquiries; without it those routes answer 503. */
  RECORDS_DB?: D1DatabaseBinding;
  [name: string]: unknown;
}

/** The variables and secrets of `env` (strings only), for `parseConfig`. */
export function readVariables(env: WorkerEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}
