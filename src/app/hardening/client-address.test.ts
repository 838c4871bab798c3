import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { getClientAddress, normaliseAddress } from "./client-address.ts";

describe("normaliseAddress", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["203.0.113.7:51234", "203.0.113.7"],
    ["[2001:db8::1]:443", "2001:db8:0:0::/64"],
    ["2001:db8:aa:bb:1:2:3:4", "2001:db8:aa:bb::/64"],
    ["2001:DB8:AA:BB::FFFF", "2001:db8:aa:bb::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
  ])("keys %s as %s", (raw, key) => {
    expect(normaliseAddress(raw)).toBe(key);
  });

  it.each(["", "unknown", "evil.example", "1:2:3", "1::2::3", "12345::1", "<script>"])(
    "refuses %j",
    (raw) => {
      expect(normaliseAddress(raw)).toBeUndefined();
    },
  );
});

describe("getClientAddress", () => {
  const addressOf = async (
    headers: Record<string, string>,
    trustProxy: number,
    peer: string | null = "198.51.100.1",
  ) => {
    const getPeerAddress = () => peer ?? undefined;
    const app = new Hono().get("/", (c) =>
      c.text(getClientAddress(c, { trustProxy, getPeerAddress }) ?? "(unknown)"),
    );
    return (await app.request("/", { headers })).text();
  };

  it("uses the peer and ignores X-Forwarded-For unless proxies are trusted", async () => {
    expect(await addressOf({ "x-forwarded-for": "203.0.113.9" }, 0)).toBe("198.51.100.1");
  });

  it("counts trusted hops from the right, so a client cannot prepend a forged address", async () => {
    const forwarded = { "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.2" };
    expect(await addressOf(forwarded, 1)).toBe("10.0.0.2");
    expect(await addressOf(forwarded, 2)).toBe("203.0.113.9");
    expect(await addressOf({ "x-forwarded-for": "203.0.113.9" }, 3)).toBe("203.0.113.9");
  });

  it("falls back to the peer when the header is missing or not an address", async () => {
    expect(await addressOf({}, 1)).toBe("198.51.100.1");
    expect(await addressOf({ "x-forwarded-for": "garbage" }, 1)).toBe("198.51.100.1");
    expect(await addressOf({}, 0, null)).toBe("(unknown)");
  });
});
