/**
 * @module Who is asking, for rate limiting: the peer's address from the runtime, or — only when
 * the operator says proxies stand in front (`TRUST_PROXY`) — the address those proxies recorded
 * in `X-Forwarded-For`. Otherwise that header is the client's to forge and is ignored.
 */
import type { Context } from "hono";

/** How a request's client address is found. */
export interface ClientAddressOptions {
  /** Proxies in front of the server, each appending to `X-Forwarded-For`; 0 trusts no header. */
  trustProxy: number;
  /** The peer's address as the runtime sees it (Node: the socket); `undefined` when unknown. */
  getPeerAddress?: ((c: Context) => string | undefined) | undefined;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:]+$/i;

/**
 * The address the client connected from, or `undefined` when it cannot be known. With `n`
 * trusted proxies the client is the `n`-th `X-Forwarded-For` entry from the right, as Express's
 * "trust proxy" counts hops: each proxy appends the address it received the request from.
 */
export function getClientAddress(c: Context, options: ClientAddressOptions): string | undefined {
  if (options.trustProxy > 0) {
    const hops = (c.req.header("x-forwarded-for") ?? "")
      .split(",")
      .map((hop) => hop.trim())
      .filter(Boolean);
    const forwarded = hops[hops.length - options.trustProxy] ?? hops[0];
    const address = forwarded === undefined ? undefined : normaliseAddress(forwarded);
    if (address) return address;
  }
  let peer: string | undefined;
  try {
    peer = options.getPeerAddress?.(c);
  } catch {
    peer = undefined;
  }
  return peer === undefined ? undefined : normaliseAddress(peer);
}

/**
 * An address as a rate-limit key: IPv4 as is (also when mapped into IPv6), IPv6 reduced to its
 * /64 prefix — one subscriber usually holds a whole /64, so counting single IPv6 addresses would
 * let one client rotate through billions of them. `undefined` for anything that is not an IP.
 */
export function normaliseAddress(raw: string): string | undefined {
  let address = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed?.[1]) address = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  address = address.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped?.[1]) address = mapped[1];
  if (IPV4.test(address)) return address;
  if (!IPV6.test(address) || !address.includes(":")) return undefined;
  const groups = expandIpv6(address);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : undefined;
}

/** The eight 16-bit groups of an IPv6 address, or `undefined` when it is not one. */
function expandIpv6(address: string): string[] | undefined {
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const [head = "", tail = ""] = halves;
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...right];
  if (groups.some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return undefined;
  return groups.map((group) => group.replace(/^0+(?=.)/, ""));
}
