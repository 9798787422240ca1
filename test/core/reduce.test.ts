import { describe, expect, it } from "vitest";
import { logSumExp, stableSum } from "../../src/core/reduce.js";

describe("stable reductions", () => {
  it("compensated sum keeps what naive summation loses", () => {
    // oracle: exact arithmetic; naive summation returns 0 here
    expect(stableSum([1e16, 1, -1e16])).toBe(1);
    expect(stableSum(Array.from({ length: 10 }, () => 0.1))).toBe(1);
  });

  it("log-sum-exp never overflows", () => {
    // oracle: log(2e^{1000}) = 1000 + log 2
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp([-1e4, -1e4])).toBeCloseTo(-1e4 + Math.LN2, 9);
    expect(logSumExp([])).toBe(-Infinity);
  });
});
