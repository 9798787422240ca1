import { describe, expect, it } from "vitest";
import { cosineTail } from "../../src/neural/klJkoStep.js";

describe("cosineTail (the neural step's learning-rate schedule)", () => {
  it("holds the rate for the first half, then lowers it monotonically towards 0", () => {
    // oracle: the definition, 1 on [0, J1/2) and ½(1 + cos(π(it − J1/2 + 1)/(J1/2 + 1))) after
    const outer = 200;
    const f = Array.from({ length: outer }, (_, it) => cosineTail(it, outer));
    expect(f.slice(0, 100).every((v) => v === 1)).toBe(true);
    for (let it = 100; it < outer; it++) expect(f[it]).toBeLessThan(f[it - 1]);
    expect(f[outer - 1]).toBeGreaterThan(0);
    expect(f[outer - 1]).toBeLessThan(1e-3);
    expect(f[150]).toBeCloseTo(0.5 * (1 + Math.cos((Math.PI * 51) / 101)), 12);
  });
});
