/**
 * @module WeChat's callback signatures and WXBizMsgCrypt, the message encryption Official
 * Accounts and WeCom share, on WebCrypto alone so the same code runs on Node and Workers.
 *
 * The scheme (WeChat's "消息加解密技术方案"): the AES key is the 43-character EncodingAESKey
 * with `=` appended, Base64-decoded to 32 bytes; AES-256-CBC with the key's first 16 bytes as IV;
 * the plaintext is `random(16) ‖ length(4, big-endian, of the message in UTF-8 bytes) ‖ message ‖
 * receiveId` (the AppID or CorpID), PKCS#7-padded to a multiple of 32 bytes; the ciphertext is
 * Base64. Signatures are the SHA-1 hex of the parts sorted in dictionary order and joined.
 *
 * WebCrypto's AES-CBC always applies and checks 16-byte PKCS#7 padding, so the 32-byte padding is
 * done by hand: encrypting, the input is already a whole number of blocks, WebCrypto appends one
 * full block of padding and that block is dropped (CBC blocks never depend on later ones);
 * decrypting, one crafted block is appended that decrypts to a full block of 16-byte padding,
 * which WebCrypto then strips, leaving WeChat's own padding for us to check.
 */

const BLOCK = 16;
const WECHAT_PAD_TO = 32;
const RANDOM_BYTES = 16;
const LENGTH_BYTES = 4;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });
const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** The reason a ciphertext was refused, without detail an attacker could use as an oracle. */
export type CryptoFailure = "base64" | "length" | "padding" | "frame" | "receiver";

/** A ciphertext could not be decrypted, or was meant for another account. */
export class WeChatCryptoError extends Error {
  override readonly name = "WeChatCryptoError";
  constructor(readonly reason: CryptoFailure) {
    super(
      reason === "receiver"
        ? "The message was encrypted for another AppID or CorpID."
        : `The encrypted message is invalid (${reason}).`,
    );
  }
}

/** Decodes standard Base64 (padding optional). @throws WeChatCryptoError("base64") */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new WeChatCryptoError("base64");
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Encodes bytes as standard, padded Base64. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Whether `value` has the shape of an EncodingAESKey: 43 Base64 characters. */
export function isEncodingAesKey(value: string): boolean {
  return /^[A-Za-z0-9+/]{43}$/.test(value);
}

/** WeChat's signature: SHA-1 (hex) of the parts sorted in dictionary order and concatenated. */
export async function computeSignature(parts: readonly string[]): Promise<string> {
  const joined = [...parts].sort().join("");
  const digest = await crypto.subtle.digest("SHA-1", encoder.encode(joined));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Compares two strings in time that depends only on their lengths. */
export function isSameString(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** Whether `signature` (case-insensitive hex) is WeChat's signature over `parts`. */
export async function verifySignature(
  signature: string | undefined,
  parts: readonly string[],
): Promise<boolean> {
  if (!signature) return false;
  return isSameString(signature.toLowerCase(), await computeSignature(parts));
}

/** 16 random characters from [A-Za-z0-9], as WeChat's own samples use for the frame's prefix. */
export function createRandomPrefix(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(RANDOM_BYTES));
  return [...bytes].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join("");
}

/** Encrypts and decrypts message bodies for one account. */
export interface MessageCrypto {
  /** The Base64 ciphertext of `message`; `random` (16 ASCII characters) is for test vectors. */
  encrypt(message: string, options?: { random?: string }): Promise<string>;
  /**
   * The message inside a Base64 ciphertext.
   * @throws WeChatCryptoError when it is malformed or addressed to another AppID or CorpID.
   */
  decrypt(ciphertext: string): Promise<string>;
}

/**
 * A `MessageCrypto` for the account `receiveId` (an Official Account's AppID, a WeCom CorpID).
 * @throws RangeError when the EncodingAESKey is not 43 Base64 characters.
 */
export async function createMessageCrypto({
  encodingAesKey,
  receiveId,
}: {
  encodingAesKey: string;
  receiveId: string;
}): Promise<MessageCrypto> {
  if (!isEncodingAesKey(encodingAesKey)) {
    throw new RangeError("The EncodingAESKey must be 43 characters of Base64 (A–Z, a–z, 0–9).");
  }
  const rawKey = decodeBase64(`${encodingAesKey}=`);
  const iv = rawKey.slice(0, BLOCK);
  const key = await crypto.subtle.importKey("raw", rawKey, { name: "AES-CBC" }, false, [
    "encrypt",
    "decrypt",
  ]);
  const receiver = encoder.encode(receiveId);

  const encryptBlocks = async (data: Uint8Array<ArrayBuffer>, blockIv: Uint8Array<ArrayBuffer>) =>
    new Uint8Array(await crypto.subtle.encrypt({ name: "AES-CBC", iv: blockIv }, key, data));

  return {
    async encrypt(message, options = {}) {
      const random = encoder.encode(options.random ?? createRandomPrefix());
      if (random.length !== RANDOM_BYTES) {
        throw new RangeError("The random prefix must be 16 ASCII characters.");
      }
      const body = encoder.encode(message);
      const unpadded = RANDOM_BYTES + LENGTH_BYTES + body.length + receiver.length;
      const pad = WECHAT_PAD_TO - (unpadded % WECHAT_PAD_TO);
      const plain = new Uint8Array(unpadded + pad);
      plain.set(random, 0);
      new DataView(plain.buffer).setUint32(RANDOM_BYTES, body.length, false);
      plain.set(body, RANDOM_BYTES + LENGTH_BYTES);
      plain.set(receiver, RANDOM_BYTES + LENGTH_BYTES + body.length);
      plain.fill(pad, unpadded);
      const sealed = await encryptBlocks(plain, iv);
      return encodeBase64(sealed.subarray(0, plain.length));
    },

    async decrypt(ciphertext) {
      const sealed = decodeBase64(ciphertext.trim());
      if (sealed.length < WECHAT_PAD_TO || sealed.length % BLOCK !== 0) {
        throw new WeChatCryptoError("length");
      }
      // The block that decrypts, after the last real one, to sixteen 0x10 bytes: E(0x10… ⊕ Cn).
      const lastBlock = sealed.slice(sealed.length - BLOCK);
      const extra = (await encryptBlocks(new Uint8Array(BLOCK).fill(BLOCK), lastBlock)).subarray(
        0,
        BLOCK,
      );
      const extended = new Uint8Array(sealed.length + BLOCK);
      extended.set(sealed, 0);
      extended.set(extra, sealed.length);
      let plain: Uint8Array;
      try {
        plain = new Uint8Array(await crypto.subtle.decrypt({ name: "AES-CBC", iv }, key, extended));
      } catch {
        throw new WeChatCryptoError("padding");
      }
      const pad = plain[plain.length - 1] ?? 0;
      if (pad < 1 || pad > WECHAT_PAD_TO || pad > plain.length) {
        throw new WeChatCryptoError("padding");
      }
      for (let i = plain.length - pad; i < plain.length; i++) {
        if (plain[i] !== pad) throw new WeChatCryptoError("padding");
      }
      const frame = plain.subarray(RANDOM_BYTES, plain.length - pad);
      if (frame.length < LENGTH_BYTES) throw new WeChatCryptoError("frame");
      const length = new DataView(frame.buffer, frame.byteOffset, LENGTH_BYTES).getUint32(0, false);
      if (length > frame.length - LENGTH_BYTES) throw new WeChatCryptoError("frame");
      const body = frame.subarray(LENGTH_BYTES, LENGTH_BYTES + length);
      const from = frame.subarray(LENGTH_BYTES + length);
      if (from.length !== receiver.length || !from.every((byte, i) => byte === receiver[i])) {
        throw new WeChatCryptoError("receiver");
      }
      try {
        return decoder.decode(body);
      } catch {
        throw new WeChatCryptoError("frame");
      }
    },
  };
}
