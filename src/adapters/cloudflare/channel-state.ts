/**
 * @module Channel state on Workers in a Durable Object: WeChat's per-message single-flight, each
 * user's conversation history and the access token. A Durable Object is strongly consistent —
 * one instance in the world per id, its storage calls serialised — where KV is eventually
 * consistent (a write may take 60 s to be seen in another location), so two deliveries of one
 * message seen by different locations could both compute, and a token refresh could race.
 *
 * One object per key (`idFromName(key)`), holding that key's one entry: objects are cheap and
 * independent, so no object becomes a hot spot, and each key's expiry is the object's one alarm
 * (https://developers.cloudflare.com/durable-objects/api/alarms/), which wipes its storage. A read
 * after the expiry and before the alarm runs sees nothing, as with the other stores.
 *
 * The object speaks a small JSON protocol over `fetch`, which needs no `cloudflare:workers`
 * import, so the class also runs under Node in tests.
 */
import { type KeyValue, toStoredJson } from "../../ports/key-value.ts";

/** The part of `DurableObjectState.storage` this object uses. */
export interface DurableObjectStorageLike {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  deleteAll(): Promise<void>;
  setAlarm(scheduledTime: number): Promise<void>;
  deleteAlarm(): Promise<void>;
}

/** What the runtime passes to a Durable Object's constructor (the part used here). */
export interface DurableObjectStateLike {
  storage: DurableObjectStorageLike;
}

/** A Durable Object namespace binding (https://developers.cloudflare.com/durable-objects/api/namespace/). */
export interface DurableObjectNamespaceBinding {
  idFromName(name: string): unknown;
  get(id: never): { fetch(input: string, init?: RequestInit): Promise<Response> };
}

/** The one entry an object holds: the value as JSON text, and when it expires (ms), if ever. */
interface Entry {
  json: string;
  expiresAt: number | null;
}

type Operation =
  | { op: "get" }
  | { op: "set" | "setIfAbsent"; json: string; ttlSeconds?: number }
  | { op: "delete" };

/** What the object answers: the value for `get`, whether it stored for `setIfAbsent`. */
interface Result {
  json?: string | null;
  stored?: boolean;
}

const ENTRY = "entry";

function parseOperation(body: unknown): Operation | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { op, json, ttlSeconds } = body as Record<string, unknown>;
  if (op === "get" || op === "delete") return { op };
  if ((op === "set" || op === "setIfAbsent") && typeof json === "string") {
    if (ttlSeconds === undefined) return { op, json };
    if (typeof ttlSeconds === "number" && Number.isFinite(ttlSeconds) && ttlSeconds >= 0) {
      return { op, json, ttlSeconds };
    }
  }
  return undefined;
}

/**
 * The Durable Object class (`wrangler.toml` `durable_objects`): one key's value with its expiry.
 * Operations run one after another, each to completion, so `setIfAbsent` is atomic without
 * relying on how the runtime's input gates interleave requests that are already delivered.
 */
export class ChannelState {
  readonly #storage: DurableObjectStorageLike;
  readonly #now: () => number;
  #last: Promise<unknown> = Promise.resolve();

  constructor(state: DurableObjectStateLike, _env?: unknown, now: () => number = Date.now) {
    this.#storage = state.storage;
    this.#now = now;
  }

  async fetch(request: Request): Promise<Response> {
    const operation = parseOperation(await request.json().catch(() => undefined));
    if (!operation) return Response.json({ error: "unknown operation" }, { status: 400 });
    const result = this.#last.then(() => this.#apply(operation));
    this.#last = result.catch(() => undefined);
    return Response.json(await result);
  }

  /** Wipes the entry once it has expired; an alarm left from an earlier value is rescheduled. */
  async alarm(): Promise<void> {
    const run = this.#last.then(async () => {
      const entry = await this.#storage.get<Entry>(ENTRY);
      if (entry && entry.expiresAt === null) return;
      if (entry?.expiresAt && entry.expiresAt > this.#now()) {
        await this.#storage.setAlarm(entry.expiresAt);
        return;
      }
      await this.#storage.deleteAll();
    });
    this.#last = run.catch(() => undefined);
    await run;
  }

  async #read(): Promise<Entry | undefined> {
    const entry = await this.#storage.get<Entry>(ENTRY);
    if (!entry) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= this.#now()) {
      await this.#clear();
      return undefined;
    }
    return entry;
  }

  async #write(json: string, ttlSeconds: number | undefined): Promise<void> {
    const expiresAt = ttlSeconds === undefined ? null : this.#now() + ttlSeconds * 1000;
    await this.#storage.put(ENTRY, { json, expiresAt } satisfies Entry);
    if (expiresAt === null) await this.#storage.deleteAlarm();
    else await this.#storage.setAlarm(expiresAt);
  }

  async #clear(): Promise<void> {
    await this.#storage.deleteAlarm();
    await this.#storage.deleteAll();
  }

  async #apply(operation: Operation): Promise<Result> {
    switch (operation.op) {
      case "get":
        return { json: (await this.#read())?.json ?? null };
      case "set":
        await this.#write(operation.json, operation.ttlSeconds);
        return {};
      case "setIfAbsent": {
        if (await this.#read()) return { stored: false };
        await this.#write(operation.json, operation.ttlSeconds);
        return { stored: true };
      }
      case "delete":
        await this.#clear();
        return {};
    }
  }
}

/** A `KeyValue` whose every key lives in its own `ChannelState` object of `namespace`. */
export function createDurableObjectKeyValue(namespace: DurableObjectNamespaceBinding): KeyValue {
  const call = async (key: string, operation: Operation): Promise<Result> => {
    const stub = namespace.get(namespace.idFromName(key) as never);
    // The URL only has to be absolute; the object reads the body.
    const res = await stub.fetch("https://channel-state/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(operation),
    });
    if (!res.ok) throw new Error(`Channel state object refused ${operation.op}: ${res.status}`);
    return (await res.json()) as Result;
  };
  const ttl = (ttlSeconds: number | undefined) => (ttlSeconds === undefined ? {} : { ttlSeconds });
  return {
    async get<T>(key: string) {
      const { json } = await call(key, { op: "get" });
      return typeof json === "string" ? (JSON.parse(json) as T) : undefined;
    },
    async set(key, value, { ttlSeconds } = {}) {
      await call(key, { op: "set", json: toStoredJson(key, value), ...ttl(ttlSeconds) });
    },
    async setIfAbsent(key, value, { ttlSeconds } = {}) {
      const { stored } = await call(key, {
        op: "setIfAbsent",
        json: toStoredJson(key, value),
        ...ttl(ttlSeconds),
      });
      return stored === true;
    },
    async delete(key) {
      await call(key, { op: "delete" });
    },
  };
}
