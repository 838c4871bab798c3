/**
 * @module Turns the bytes of a text-based corpus file into a string, refusing binary files and
 * files that are not UTF-8, so they are reported instead of indexed as mojibake.
 */
import { UnloadableFileError } from "./structure.ts";

/** Share of undecodable characters above which a file is not treated as UTF-8 text. */
const MAX_INVALID_SHARE = 0.05;

/** C0 controls other than tab, line feed, form feed and carriage return, plus DEL. */
function countControlCharacters(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) ||
      code === 0x7f
    ) {
      count += 1;
    }
  }
  return count;
}

function decodeUtf16(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  return undefined;
}

/**
 * Decodes UTF-8 (a BOM is dropped; UTF-16 with a BOM is accepted too). Throws
 * `UnloadableFileError` for NUL bytes or control characters (a binary file) and for text that is
 * mostly not valid UTF-8 (e.g. a GBK export).
 */
export function decodeTextFile(bytes: Uint8Array): string {
  const utf16 = decodeUtf16(bytes);
  if (utf16 !== undefined) return utf16;
  if (bytes.includes(0)) throw new UnloadableFileError("binary file (contains NUL bytes)");
  const text = new TextDecoder("utf-8").decode(bytes);
  const invalid = text.match(/\uFFFD/g)?.length ?? 0;
  if (invalid > 0 && invalid / text.length > MAX_INVALID_SHARE) {
    throw new UnloadableFileError(
      `not UTF-8 text (${Math.round((invalid / text.length) * 100)}% undecodable); save it as UTF-8`,
    );
  }
  const controls = countControlCharacters(text);
  if (controls > 0 && controls / text.length > 0.01) {
    throw new UnloadableFileError("binary file (control characters)");
  }
  return text;
}
