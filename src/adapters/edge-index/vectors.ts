/**
 * @module Embedding vectors in the edge snapshot: packed little-endian and base64-encoded, as
 * 32-bit floats (exact: the same cosine distances LanceDB computes) or as 8-bit integers (a
 * quarter of the size). An int8 vector is its float vector divided by its largest absolute
 * component and scaled to ±127; cosine similarity ignores that per-vector scale, so none is
 * stored. Search is exact (brute force), like LanceDB below its vector-index threshold.
 */
import { z } from "zod";

/** How vectors are packed. */
export const VectorEncoding = z.enum(["float32", "int8"]);
export type VectorEncoding = z.infer<typeof VectorEncoding>;

/** The vectors of a snapshot, one per chunk, in chunk order. */
export const PackedVectors = z.object({
  encoding: VectorEncoding,
  dimensions: z.number().int().positive(),
  count: z.number().int().nonnegative(),
  /** Base64 of `count × dimensions` values, row after row. */
  data: z.string(),
});
export type PackedVectors = z.infer<typeof PackedVectors>;

const BYTES: Record<VectorEncoding, number> = { float32: 4, int8: 1 };

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const step = 0x8000;
  for (let start = 0; start < bytes.length; start += step) {
    binary += String.fromCharCode(...bytes.subarray(start, start + step));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/**
 * Packs vectors of equal length.
 * @throws RangeError when a vector's length differs from `dimensions`.
 */
export function packVectors(
  vectors: readonly (readonly number[])[],
  { dimensions, encoding }: { dimensions: number; encoding: VectorEncoding },
): PackedVectors {
  const bytes = new Uint8Array(vectors.length * dimensions * BYTES[encoding]);
  const view = new DataView(bytes.buffer);
  vectors.forEach((vector, row) => {
    if (vector.length !== dimensions) {
      throw new RangeError(`Vector ${row} has ${vector.length} dimensions, expected ${dimensions}`);
    }
    const base = row * dimensions;
    if (encoding === "float32") {
      for (let column = 0; column < dimensions; column++) {
        view.setFloat32((base + column) * 4, vector[column] ?? 0, true);
      }
      return;
    }
    const largest = vector.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
    const scale = largest === 0 ? 0 : 127 / largest;
    for (let column = 0; column < dimensions; column++) {
      view.setInt8(base + column, Math.round((vector[column] ?? 0) * scale));
    }
  });
  return { encoding, dimensions, count: vectors.length, data: toBase64(bytes) };
}

/** Unpacked vectors, ready to search. */
export interface VectorTable {
  readonly dimensions: number;
  readonly count: number;
  /** Cosine similarity of row `row` with `query` (whose norm is `queryNorm`). */
  cosine(row: number, query: Float64Array, queryNorm: number): number;
}

/**
 * Unpacks vectors for searching.
 * @throws RangeError when the data does not hold `count × dimensions` values.
 */
export function unpackVectors(packed: PackedVectors): VectorTable {
  const { dimensions, count, encoding } = packed;
  const bytes = fromBase64(packed.data);
  if (bytes.length !== count * dimensions * BYTES[encoding]) {
    throw new RangeError(
      `The vector data holds ${bytes.length} bytes; ${count} ${encoding} vectors of ${dimensions} dimensions need ${count * dimensions * BYTES[encoding]}.`,
    );
  }
  const values = encoding === "int8" ? new Int8Array(bytes.buffer) : readFloat32LittleEndian(bytes);
  return createVectorTable(values, dimensions);
}

/**
 * Searches vectors held row after row in one typed array (`count = values.length / dimensions`),
 * as unpacked from a snapshot or read from LanceDB's vector column.
 */
export function createVectorTable(
  values: Float32Array | Int8Array,
  dimensions: number,
): VectorTable {
  const count = Math.floor(values.length / dimensions);
  const norms = new Float64Array(count);
  for (let row = 0; row < count; row++) {
    let sum = 0;
    for (let column = row * dimensions; column < (row + 1) * dimensions; column++) {
      const value = values[column] ?? 0;
      sum += value * value;
    }
    norms[row] = Math.sqrt(sum);
  }
  return {
    dimensions,
    count,
    cosine(row, query, queryNorm) {
      const norm = norms[row] ?? 0;
      if (norm === 0 || queryNorm === 0) return 0;
      let dot = 0;
      const base = row * dimensions;
      for (let column = 0; column < dimensions; column++) {
        dot += (values[base + column] ?? 0) * (query[column] ?? 0);
      }
      return dot / (norm * queryNorm);
    },
  };
}

function readFloat32LittleEndian(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float32Array(bytes.length / 4);
  for (let index = 0; index < values.length; index++) {
    values[index] = view.getFloat32(index * 4, true);
  }
  return values;
}
