/**
 * The Durable Object channel store under Node, with an in-memory stand-in for the object's
 * storage and namespace; `src/worker/channel-state.test.ts` runs it under workerd.
 */
import { describe, expect, it } from "vitest";
import {
  ChannelState,
  createDurableObjectKeyValue,
  type DurableObjectNamespaceBinding,
  type DurableObjectStorageLike,
} from "./channel-state.ts";

/** A namespace of objects with map storage and a settable clock; `alarms` by object name. */
function createNamespace() {
  let time = 1_000_000;
  const objects = new Map<string, { object: ChannelState; data: Map<string, unknown> }>();
  const alarms = new Map<string, number | null>();
  const open = (name: string) => {
    let found = objects.get(name);
    if (!found) {
      const data = new Map<string, unknown>();
      const storage: DurableObjectStorageLike = {
        get: async <T>(key: string) => structuredClone(data.get(key)) as T | undefined,
        put: async (key, value) => void data.set(key, structuredClone(value)),
        deleteAll: async () => data.clear(),
        setAlarm: async (at) => void alarms.set(name, at),
        deleteAlarm: async () => void alarms.set(name, null),
      };
      found = { object: new ChannelState({ storage }, {}, () => time), data };
      objects.set(name, found);
    }
    return found;
  };
  const namespace: DurableObjectNamespaceBinding = {
    idFromName: (name) => name,
    get: (id) => ({
      fetch: (input, init) => open(id as string).object.fetch(new Request(input, init)),
    }),
  };
  return {
    namespace,
    objects,
    alarms,
    advance: (ms: number) => {
      time += ms;
    },
    runDueAlarms: async () => {
      for (const [name, at] of alarms) {
        if (at !== null && at <= time) {
          alarms.set(name, null);
          await open(name).object.alarm();
        }
      }
    },
  };
}

describe("createDurableObjectKeyValue", () => {
  it("stores copies of JSON values, one object per key, and deletes them", async () => {
    const { namespace, objects } = createNamespace();
    const kv = createDurableObjectKeyValue(namespace);
    const value = { turns: [{ role: "user", content: "hi" }] };
    await kv.set("wechat:history:o-1", value);
    await kv.set("wechat:token", "t");
    value.turns.length = 0;
    expect(await kv.get("wechat:history:o-1")).toEqual({
      turns: [{ role: "user", content: "hi" }],
    });
    expect([...objects.keys()].sort()).toEqual(["wechat:history:o-1", "wechat:token"]);
    await kv.delete("wechat:token");
    expect(await kv.get("wechat:token")).toBeUndefined();
    await expect(kv.set("x", undefined)).rejects.toThrow(/not JSON-serialisable/);
  });

  it("forgets a value at its expiry, and its alarm wipes the object's storage", async () => {
    const { namespace, objects, alarms, advance, runDueAlarms } = createNamespace();
    const kv = createDurableObjectKeyValue(namespace);
    await kv.set("job", { started: 1 }, { ttlSeconds: 60 });
    expect(alarms.get("job")).toBe(1_000_000 + 60_000);
    advance(59_000);
    expect(await kv.get("job")).toEqual({ started: 1 });
    advance(1_000);
    expect(await kv.get("job")).toBeUndefined();
    await kv.set("history", [1], { ttlSeconds: 10 });
    await kv.set("history", [1, 2]);
    expect(alarms.get("history")).toBeNull();
    await kv.set("token", "t", { ttlSeconds: 10 });
    advance(10_000);
    await runDueAlarms();
    expect(objects.get("token")?.data.size).toBe(0);
    expect(await kv.get("history")).toEqual([1, 2]);
  });

  it("sets a value only when absent, atomically, so one of many callers wins", async () => {
    const { namespace, advance } = createNamespace();
    const kv = createDurableObjectKeyValue(namespace);
    const wins = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        kv.setIfAbsent("wechat:job:m1", { n }, { ttlSeconds: 5 }),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    const winner = wins.indexOf(true);
    expect(await kv.get("wechat:job:m1")).toEqual({ n: winner });
    advance(5_000);
    expect(await kv.setIfAbsent("wechat:job:m1", { n: "later" })).toBe(true);
  });

  it("refuses a malformed request with 400", async () => {
    const object = new ChannelState({
      storage: {
        get: async () => undefined,
        put: async () => undefined,
        deleteAll: async () => undefined,
        setAlarm: async () => undefined,
        deleteAlarm: async () => undefined,
      },
    });
    const res = await object.fetch(
      new Request("https://x/", { method: "POST", body: '{"op":"set","json":1}' }),
    );
    expect(res.status).toBe(400);
  });
});
