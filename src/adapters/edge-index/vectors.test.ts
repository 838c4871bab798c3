import { describe, expect, it } from "vitest";
import { packVectors, unpackVectors } from "./vectors.ts";

const VECTORS = [
  [0.6, 0.8, 0],
  [0, -1, 0],
  [0.1, 0.2, 0.3],
];
const cosine = (a: number[], b: number[]) => {
  const dot = a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);
  return dot / (Math.hypot(...a) * Math.hypot(...b));
};

describe("packed vectors", () => {
  it.each(["float32", "int8"] as const)(
    "round-trips %s with cosine similarity kept",
    (encoding) => {
      const packed = packVectors(VECTORS, { dimensions: 3, encoding });
      const table = unpackVectors(JSON.parse(JSON.stringify(packed)));
      const query = Float64Array.from([0.5, 0.5, 0.1]);
      const norm = Math.hypot(...query);
      VECTORS.forEach((vector, row) => {
        const tolerance = encoding === "float32" ? 1e-6 : 2e-2;
        expect(
          Math.abs(table.cosine(row, query, norm) - cosine(vector, [0.5, 0.5, 0.1])),
        ).toBeLessThan(tolerance);
      });
    },
  );

  it("is a quarter of the size as int8", () => {
    const float = packVectors(VECTORS, { dimensions: 3, encoding: "float32" });
    const int8 = packVectors(VECTORS, { dimensions: 3, encoding: "int8" });
    expect(atob(int8.data).length * 4).toBe(atob(float.data).length);
  });

  it("rejects vectors of the wrong width and truncated data", () => {
    expect(() => packVectors([[1, 2]], { dimensions: 3, encoding: "float32" })).toThrow(RangeError);
    const packed = packVectors(VECTORS, { dimensions: 3, encoding: "float32" });
    expect(() => unpackVectors({ ...packed, count: 4 })).toThrow(/need/);
  });
});
