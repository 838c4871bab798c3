/**
 * @module Plain-text loader: paragraphs are separated by blank lines, and headings are recognised
 * later from the layout, after boilerplate is gone.
 */
import { splitBlocks } from "../clean.ts";
import { decodeTextFile } from "./decode-text.ts";
import type { ParsedFile } from "./structure.ts";

/** Reads a `.txt` file: UTF-8 (BOM stripped), one block per blank-line-separated paragraph. */
export function parseTxtFile(bytes: Uint8Array): ParsedFile {
  return {
    blocks: splitBlocks(decodeTextFile(bytes)),
    hints: {},
    inferHeadings: true,
    titleFromFirstLine: true,
  };
}
