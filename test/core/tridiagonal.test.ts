import { describe, expect, it } from "vitest";
import { symmetricTridiagonalEigenvalues } from "../../src/core/tridiagonal.js";

describe("symmetricTridiagonalEigenvalues at the ends of the floating-point range", () => {
  it("finds a ± b of [[a, b], [b, a]] where b² overflows and where it underflows", () => {
    // oracle: the closed form a ± b; the QL sweep's √(f² + g²) must fall back to Math.hypot
    // where f² + g² leaves the normal range (tol: a few ulps relative)
    for (const s of [1e200, 1e-200, 1]) {
      const [lo, hi] = symmetricTridiagonalEigenvalues([3 * s, 3 * s], [2 * s]);
      expect(lo / s).toBeCloseTo(1, 12);
      expect(hi / s).toBeCloseTo(5, 12);
    }
  });
});
