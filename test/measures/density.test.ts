import { describe, expect, it } from "vitest";
import { gaussian, grid } from "../../src/measures/construct.js";
import { gaussianPdf, gridL1 } from "../../src/measures/density.js";
import { gridMass } from "../../src/measures/convert.js";

describe("pointwise densities", () => {
  it("gaussianPdf matches the closed form and integrates to one", () => {
    // oracle: the 1D formula; midpoint quadrature of the 2D density on [−8, 8]² (error ≪ 1e-9)
    const g1 = gaussianPdf(gaussian({ mean: [1], cov: [[4]] }));
    expect(g1([2])).toBeCloseTo(Math.exp(-1 / 8) / Math.sqrt(8 * Math.PI), 15);
    const law = gaussian({
      mean: [0.3, -0.2],
      cov: [
        [1, 0.4],
        [0.4, 0.8],
      ],
    });
    const g = grid({
      lower: [-8, -8],
      upper: [8, 8],
      shape: [400, 400],
      density: gaussianPdf(law),
    });
    expect(gridMass(g)).toBeCloseTo(1, 9);
    expect(gridL1(g, gaussianPdf(law))).toBe(0);
    // shifting the reference by one cell width changes L1 by ≈ |Δμ|·∫|∂₁p| (nonzero, bounded by 2)
    const shifted = gaussian({
      mean: [0.34, -0.2],
      cov: [
        [1, 0.4],
        [0.4, 0.8],
      ],
    });
    const l1 = gridL1(g, gaussianPdf(shifted));
    expect(l1).toBeGreaterThan(0.01);
    expect(l1).toBeLessThan(0.1);
  });
});
