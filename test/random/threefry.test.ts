import { describe, expect, it } from "vitest";
import { threefry2x32 } from "../../src/random/threefry.js";

describe("threefry2x32-20", () => {
  it("reproduces the Random123 known-answer vectors", () => {
    // oracle: Random123 kat_vectors (threefry2x32, 20 rounds): counter, key → output
    const cases: [number, number, number, number, number, number][] = [
      [0, 0, 0, 0, 0x6b200159, 0x99ba4efe],
      [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x1cb996fc, 0xbb002be7],
      [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xc4923a9c, 0x483df7a0],
    ];
    const out = new Uint32Array(2);
    for (const [c0, c1, k0, k1, o0, o1] of cases) {
      threefry2x32(k0, k1, c0, c1, out);
      expect([out[0], out[1]]).toEqual([o0, o1]);
    }
  });
});
