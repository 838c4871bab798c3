/**
 * @module What counts as an email address, shared by the page (checked before sending) and the
 * server (`src/records/schemas.ts` validates `POST /api/inquiries` with it), so the two never
 * disagree. It is the WHATWG HTML "valid e-mail address" (the rule behind `<input type=email>`)
 * narrowed to addresses mail can reach on the internet: the domain needs at least two labels and
 * a top-level domain of two or more letters ("anna@mueller" and "wang@qq" are refused,
 * "anna@mueller.de" and "wang@qq.com" pass). Domain labels may be internationalised (例子.中国).
 */

/** The longest address SMTP can carry (RFC 5321 §4.5.3.1.3: a 256-octet path less `<>`). */
export const MAX_EMAIL_LENGTH = 254;

const LOCAL = "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+";
const LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?";
const TOP_LEVEL = "(?:\\p{L}{2,63}|xn--[a-z0-9-]{1,59})";

/** A whole address: local part, `@`, two or more dot-separated labels ending in a TLD. */
export const EMAIL_PATTERN = new RegExp(`^${LOCAL}@(?:${LABEL}\\.)+${TOP_LEVEL}$`, "iu");

/** Whether `text` (already trimmed) is an address the inquiry form accepts. */
export function isEmail(text) {
  return (
    text.length <= MAX_EMAIL_LENGTH &&
    EMAIL_PATTERN.test(text) &&
    !text.startsWith(".") &&
    !text.includes("..") &&
    !text.includes(".@")
  );
}
