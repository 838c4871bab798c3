/**
 * @module Staff console sessions: a random id in an HttpOnly cookie, the session in a KeyValue
 * (memory on Node, Workers KV on a Worker) under the id's SHA-256, so the store never holds a
 * usable cookie. Each session remembers a digest of the ADMIN_TOKEN it was opened with: changing
 * the token ends every session.
 */
import type { KeyValue } from "../ports/key-value.ts";

interface StoredSession {
  tokenDigest: string;
  expiresAt: number;
}

const encoder = new TextEncoder();

/** Hex SHA-256 of `text`. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

export interface SessionManagerOptions {
  kv: KeyValue;
  token: string;
  /** How long a session lasts. */
  hours: number;
  now?: () => number;
}

export function createSessionManager({ kv, token, hours, now = Date.now }: SessionManagerOptions) {
  const ttlSeconds = Math.round(hours * 3600);
  const key = async (id: string) => `admin:session:${await sha256Hex(id)}`;
  const tokenDigest = sha256Hex(`admin-token:${token}`);
  return {
    ttlSeconds,
    /** Opens a session; resolves with the cookie value. */
    async create(): Promise<string> {
      const id = randomId();
      const session: StoredSession = {
        tokenDigest: await tokenDigest,
        expiresAt: now() + ttlSeconds * 1000,
      };
      await kv.set(await key(id), session, { ttlSeconds });
      return id;
    },
    /** Whether `id` names a live session opened with the current token. */
    async verify(id: string | undefined): Promise<boolean> {
      if (!id || id.length > 100) return false;
      const session = await kv.get<StoredSession>(await key(id));
      return (
        session !== undefined &&
        session.expiresAt > now() &&
        session.tokenDigest === (await tokenDigest)
      );
    },
    async destroy(id: string | undefined): Promise<void> {
      if (id && id.length <= 100) await kv.delete(await key(id));
    },
  };
}

export type SessionManager = ReturnType<typeof createSessionManager>;
