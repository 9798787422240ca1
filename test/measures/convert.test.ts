import { describe, expect, it } from "vitest";
import { gaussian, grid, particles, quantile1d } from "../../src/measures/construct.js";
import {
  gridMass,
  histogram,
  kde,
  sample,
  toQuantile1d,
  quantileAt,
} from "../../src/measures/convert.js";
import { moments } from "../../src/measures/moments.js";
import { normalQuantile } from "../../src/core/special.js";
import { ConfigError } from "../../src/core/errors.js";
import { key } from "../../src/random/key.js";
import { meanVar } from "../helpers.js";

describe("measures", () => {
  it("validate their input with named errors", () => {
    expect(() => particles([1, 2, 3], 2)).toThrow(/do not split/);
    expect(() => particles([1, NaN], 1)).toThrow(ConfigError);
    expect(() => particles([1, 2], 1, [1, -1])).toThrow(/weights must be ≥ 0/);
    expect(() =>
      gaussian({
        mean: [0, 0],
        cov: [
          [1, 0],
          [0, -1],
        ],
      }),
    ).toThrow(/positive definite/);
    expect(() => grid({ lower: [0], upper: [1], shape: [4], density: [1, 1, -1, 1] })).toThrow(
      /≥ 0/,
    );
    expect(() => quantile1d([0, 2, 1])).toThrow(/non-decreasing/);
  });

  it("normalise weights given as counts", () => {
    const p = particles([0, 1], 1, [1, 3]);
    expect(Array.from(p.weights!)).toEqual([0.25, 0.75]);
    expect(moments(p).mean[0]).toBeCloseTo(0.75, 15);
  });

  it("Gaussian quantiles are the exact normal quantiles", () => {
    // oracle: μ + σ Φ⁻¹(s)
    const q = toQuantile1d(gaussian({ mean: [1], cov: [[4]] }), 10);
    for (let i = 0; i < 10; i++)
      expect(q.values[i]).toBeCloseTo(1 + 2 * normalQuantile((i + 0.5) / 10), 12);
  });

  it("sampling a grid reproduces its moments", () => {
    // oracle: uniform density on [0, 2] has mean 1, variance 1/3; tol 5 standard errors
    const g = grid({ lower: [0], upper: [2], shape: [50], density: () => 0.5 });
    expect(gridMass(g)).toBeCloseTo(1, 14);
    const s = sample(g, 50_000, key(1));
    const [m, v] = meanVar(s.x);
    expect(Math.abs(m - 1)).toBeLessThan(5 * Math.sqrt(1 / 3 / 50_000));
    expect(Math.abs(v - 1 / 3)).toBeLessThan(0.01);
  });

  it("sampling a quantile function inverts it", () => {
    const q = quantile1d(
      Float64Array.from({ length: 1000 }, (_, i) => normalQuantile((i + 0.5) / 1000)),
    );
    expect(quantileAt(q, 0.5)).toBeCloseTo(0, 12);
    const [m, v] = meanVar(sample(q, 50_000, key(2)).x);
    expect(Math.abs(m)).toBeLessThan(5 / Math.sqrt(50_000));
    expect(Math.abs(v - 1)).toBeLessThan(0.03); // tails beyond the outermost quantiles are cut
  });

  it("histogram and KDE are probability densities", () => {
    // oracle: mass conservation (all samples inside the box); KDE of N(0,1) samples ≈ N(0, 1 + h²) density
    const p = sample(gaussian({ mean: [0], cov: [[1]] }), 20_000, key(3));
    const box = { lower: [-8], upper: [8], shape: [160] };
    expect(gridMass(histogram(p, box))).toBeCloseTo(1, 12);
    const h = 0.2;
    const k = kde(p, box, [h]);
    expect(gridMass(k)).toBeCloseTo(1, 6);
    const centre = k.density[80]; // x = 0.05
    const exact = Math.exp(-(0.05 ** 2) / (2 * (1 + h * h))) / Math.sqrt(2 * Math.PI * (1 + h * h));
    expect(Math.abs(centre - exact)).toBeLessThan(0.02);
    expect(() => kde(p, box, [0])).toThrow(/bandwidth must be > 0/);
  });

  it("the separable 2D KDE equals the direct kernel sum at every cell", () => {
    // oracle: Σ_i w_i N(c; x_i, diag h²) summed directly; the separable sum only reorders the
    // products and skips kernels below e^{−32} of their peak, so agreement is to ~1e-14 of the
    // maximum; tol 1e-12 relative to it. Weighted particles and anisotropic widths included.
    const n = 150;
    const xs = sample(
      gaussian({
        mean: [0.3, -0.2],
        cov: [
          [1, 0.4],
          [0.4, 0.6],
        ],
      }),
      n,
      key(9),
    );
    const p = particles(
      xs.x,
      2,
      Array.from({ length: n }, (_, i) => 1 + (i % 3)),
    );
    const box = { lower: [-4, -3.5], upper: [4.5, 3], shape: [40, 33] };
    const bw = [0.35, 0.2];
    const g = kde(p, box, bw);
    let maxErr = 0;
    let peak = 0;
    for (let a = 0; a < 40; a++)
      for (let b = 0; b < 33; b++) {
        const c0 = -4 + ((a + 0.5) * 8.5) / 40;
        const c1 = -3.5 + ((b + 0.5) * 6.5) / 33;
        let direct = 0;
        for (let i = 0; i < n; i++) {
          const e = ((c0 - p.x[2 * i]) / bw[0]) ** 2 + ((c1 - p.x[2 * i + 1]) / bw[1]) ** 2;
          direct += p.weights![i] * Math.exp(-0.5 * e);
        }
        direct /= 2 * Math.PI * bw[0] * bw[1];
        peak = Math.max(peak, direct);
        maxErr = Math.max(maxErr, Math.abs(direct - g.density[a * 33 + b]));
      }
    expect(maxErr / peak).toBeLessThan(1e-12);
  });

  it("weighted particles resample in proportion to their weights", () => {
    const p = particles([0, 1], 1, [0.2, 0.8]);
    const s = sample(p, 20_000, key(4));
    const ones = s.x.reduce((c, x) => c + x, 0) / 20_000;
    expect(Math.abs(ones - 0.8)).toBeLessThan(5 * Math.sqrt(0.16 / 20_000));
  });
});
