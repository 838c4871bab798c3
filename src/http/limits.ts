/** @module The conversation limits both chat APIs (`/api/chat` and `/v1/chat/completions`) apply. */

/** Longest message accepted, in characters. */
export const MAX_MESSAGE_CHARS = 4000;
/** Most turns a conversation may carry. */
export const MAX_MESSAGES = 40;
