/**
 * @module Each user's recent conversation, keyed by OpenID (or WeCom UserID), so follow-up
 * questions work as in the web chat. Bounded in turns, characters and age: an idle conversation
 * is forgotten and the next question starts afresh.
 */

import type { KeyValue } from "../../ports/key-value.ts";
import type { ChatMessage } from "../../rag/answer/types.ts";

/** Where histories live and how much of them is kept. */
export interface HistoryOptions {
  kv: KeyValue;
  /** Prefix of the keys, e.g. `wechat:history:`. */
  prefix: string;
  /** Most messages kept (user and assistant together); default 8. */
  maxMessages?: number;
  /** Longest message kept, in characters; longer ones are cut. Default 2000. */
  maxMessageChars?: number;
  /** Idle time after which a conversation is forgotten; default 30 minutes. */
  maxIdleSeconds?: number;
  now?: () => number;
}

interface StoredHistory {
  messages: ChatMessage[];
  updatedAt: number;
}

/** Reads and extends per-user conversations. */
export interface ConversationHistory {
  read(user: string): Promise<ChatMessage[]>;
  append(user: string, messages: ChatMessage[]): Promise<void>;
  clear(user: string): Promise<void>;
}

/** A `ConversationHistory` stored in `kv`. */
export function createConversationHistory(options: HistoryOptions): ConversationHistory {
  const { kv, prefix } = options;
  const maxMessages = options.maxMessages ?? 8;
  const maxMessageChars = options.maxMessageChars ?? 2000;
  const maxIdleSeconds = options.maxIdleSeconds ?? 30 * 60;
  const now = options.now ?? Date.now;
  const keyOf = (user: string) => `${prefix}${user}`;

  async function read(user: string): Promise<ChatMessage[]> {
    const stored = await kv.get<StoredHistory>(keyOf(user));
    if (!stored || now() - stored.updatedAt > maxIdleSeconds * 1000) return [];
    return stored.messages;
  }

  return {
    read,
    async append(user, messages) {
      const kept = [...(await read(user)), ...messages]
        .map((message) => ({
          role: message.role,
          content: message.content.slice(0, maxMessageChars),
        }))
        .slice(-maxMessages);
      // Start with a user turn: a conversation cut mid-exchange confuses follow-up rewriting.
      while (kept[0]?.role === "assistant") kept.shift();
      const stored: StoredHistory = { messages: kept, updatedAt: now() };
      await kv.set(keyOf(user), stored, { ttlSeconds: maxIdleSeconds });
    },
    clear: (user) => kv.delete(keyOf(user)),
  };
}
