import { describe, expect, it } from "vitest";
import { erfc, normalCdf, normalQuantile } from "../../src/core/special.js";

describe("normal distribution functions", () => {
  it("match tabulated values", () => {
    // oracle: values from high-precision tables (scipy.special / Abramowitz–Stegun); tol 1e-14 relative
    const cases: [number, number][] = [
      [0, 0.5],
      [1, 0.8413447460685429],
      [-1.96, 0.024997895148220435],
      [-3, 0.0013498980316300946],
      [-8, 6.22096057427178e-16],
    ];
    for (const [x, p] of cases) expect(Math.abs(normalCdf(x) - p) / p).toBeLessThan(1e-13);
    expect(Math.abs(erfc(5) - 1.5374597944280349e-12) / 1.5374597944280349e-12).toBeLessThan(1e-13);
    expect(Math.abs(erfc(2.4) - 6.885138966450786e-4) / 6.885138966450786e-4).toBeLessThan(1e-13);
  });

  it("quantile inverts the CDF across the range", () => {
    // oracle: Φ(Φ⁻¹(p)) = p; tol 1e-13 relative
    for (const p of [1e-12, 1e-6, 0.001, 0.1, 0.3, 0.5, 0.77, 0.975, 1 - 1e-9])
      expect(Math.abs(normalCdf(normalQuantile(p)) - p) / Math.min(p, 1 - p)).toBeLessThan(1e-9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
  });
});
