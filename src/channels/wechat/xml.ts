/**
 * @module The XML WeChat and WeCom speak: flat `<xml>` documents of text fields. Parsing is
 * size-limited and refuses any DOCTYPE outright (no entity can be declared, so none can expand);
 * fast-xml-parser runs with entity processing off, and only XML's five predefined entities and
 * character references are decoded, by hand, outside CDATA. Rendering puts every string in CDATA.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";

/** Largest body accepted, in bytes. WeChat's messages are a few hundred bytes; 64 KiB is ample. */
export const MAX_XML_BYTES = 64 * 1024;

/** Why a body was refused. */
export type XmlFailure = "too_large" | "doctype" | "malformed" | "not_wechat";

/** A body that is not a WeChat XML document we are willing to read. */
export class XmlError extends Error {
  override readonly name = "XmlError";
  constructor(
    readonly reason: XmlFailure,
    message: string,
  ) {
    super(message);
  }
}

const CDATA_KEY = "__cdata";
const TEXT_KEY = "#text";

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: false,
  cdataPropName: CDATA_KEY,
  textNodeName: TEXT_KEY,
  maxNestedTags: 8,
});

const PREDEFINED: Record<string, string> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
};

/** Decodes `&lt;`-style predefined entities and `&#…;` references; anything else stays as is. */
function decodePredefinedEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (match, name: string) => {
    if (name.startsWith("#")) {
      const code = name[1] === "x" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : match;
    }
    return PREDEFINED[name] ?? match;
  });
}

/** A leaf element's text: CDATA verbatim, other text with predefined entities decoded. */
function readLeaf(value: unknown): string | undefined {
  if (typeof value === "string") return decodePredefinedEntities(value);
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.some((key) => key !== CDATA_KEY && key !== TEXT_KEY)) return undefined;
  const cdata = record[CDATA_KEY];
  const text = record[TEXT_KEY];
  const parts = [
    typeof cdata === "string" ? cdata : Array.isArray(cdata) ? cdata.join("") : "",
    typeof text === "string" ? decodePredefinedEntities(text) : "",
  ];
  return parts.join("");
}

/**
 * Reads a WeChat XML document into its top-level text fields (`{ MsgType: "text", … }`); nested
 * elements (e.g. `ScanCodeInfo`) are left out.
 * @throws XmlError when the body is too large, declares a DOCTYPE, is not well-formed, repeats a
 *   field or has no `<xml>` root.
 */
export function parseWeChatXml(body: string): Record<string, string> {
  if (new TextEncoder().encode(body).length > MAX_XML_BYTES) {
    throw new XmlError("too_large", `The XML body is larger than ${MAX_XML_BYTES} bytes.`);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) {
    throw new XmlError("doctype", "DOCTYPE and ENTITY declarations are not accepted.");
  }
  const validation = XMLValidator.validate(body);
  if (validation !== true) {
    throw new XmlError("malformed", `The XML body is not well-formed: ${validation.err.msg}`);
  }
  let document: unknown;
  try {
    document = parser.parse(body);
  } catch (error) {
    throw new XmlError(
      "malformed",
      `The XML body could not be parsed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const root = (document as Record<string, unknown> | undefined)?.xml;
  if (typeof root !== "object" || root === null || Array.isArray(root)) {
    throw new XmlError("not_wechat", "The body is not a WeChat message (no <xml> root).");
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(root as Record<string, unknown>)) {
    if (name === TEXT_KEY || name === CDATA_KEY) continue;
    if (Array.isArray(value)) {
      throw new XmlError("malformed", `The field ${name} appears more than once.`);
    }
    const text = readLeaf(value);
    if (text !== undefined) fields[name] = text;
  }
  return fields;
}

/** Whether XML 1.0 can carry the code point (not C0 controls but tab/CR/LF, not U+FFFE/U+FFFF). */
function isXmlChar(code: number): boolean {
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  return code !== 0xfffe && code !== 0xffff;
}

/**
 * `text` as an XML parser hands it back: line ends normalised to `\n` (XML 1.0 §2.11), what XML
 * cannot carry dropped, a lone surrogate replaced by U+FFFD.
 */
export function toXmlText(text: string): string {
  let out = "";
  for (const char of text.replace(/\r\n?/g, "\n")) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) out += "\uFFFD";
    else if (isXmlChar(code)) out += char;
  }
  return out;
}

/** `text` as CDATA; a `]]>` inside is split across two sections. */
export function toCdata(text: string): string {
  return `<![CDATA[${toXmlText(text).replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}

/**
 * Renders a flat `<xml>` document in the given field order: strings as CDATA, numbers bare —
 * the shape of WeChat's passive replies and encrypted envelopes.
 */
export function renderWeChatXml(fields: Record<string, string | number>): string {
  const body = Object.entries(fields)
    .map(([name, value]) => {
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`Invalid XML field name ${name}`);
      return `<${name}>${typeof value === "number" ? String(value) : toCdata(value)}</${name}>`;
    })
    .join("");
  return `<xml>${body}</xml>`;
}
