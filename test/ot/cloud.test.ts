import { describe, expect, it } from "vitest";
import { gaussian, grid, particles, quantile1d } from "../../src/measures/construct.js";
import { cloudOf } from "../../src/ot/cloud.js";
import { momentsOf } from "../../src/ot/gaussian.js";

describe("cloudOf and momentsOf on every measure kind", () => {
  it("a 2D grid's weighted cell centres carry the density's moments (midpoint rule)", () => {
    // oracle: N((0.5, −0.3), diag(0.8², 0.5²)) on 200² cells over ±6: the midpoint rule's
    // error on a smooth density is O(h²) ≈ 1e-4·(second derivatives) — measured below 1e-9
    // (exponential accuracy for Gaussians); tol 1e-6.
    const g = grid({
      lower: [-6, -6],
      upper: [6, 6],
      shape: [200, 200],
      density: (x) =>
        Math.exp(-0.5 * (((x[0] - 0.5) / 0.8) ** 2 + ((x[1] + 0.3) / 0.5) ** 2)) /
        (2 * Math.PI * 0.4),
    });
    const c = cloudOf(g);
    expect(c.n).toBe(40_000);
    expect(c.x[0]).toBeCloseTo(-6 + 0.03, 12); // the first cell's centre, axis 0
    expect(c.x[1]).toBeCloseTo(-6 + 0.03, 12);
    expect(c.x[3]).toBeCloseTo(-6 + 0.09, 12); // the next cell moves along the last axis
    const { mean, cov } = momentsOf(g);
    expect(Math.abs(mean[0] - 0.5)).toBeLessThan(1e-6);
    expect(Math.abs(mean[1] + 0.3)).toBeLessThan(1e-6);
    expect(Math.abs(cov.data[0] - 0.64)).toBeLessThan(1e-6);
    expect(Math.abs(cov.data[3] - 0.25)).toBeLessThan(1e-6);
    expect(Math.abs(cov.data[1])).toBeLessThan(1e-6);
  });

  it("particles keep their weights, quantile functions their levels, Gaussians are refused", () => {
    const p = cloudOf(particles([0, 1, 3], 1, [1, 1, 2]));
    expect(Array.from(p.w)).toEqual([0.25, 0.25, 0.5]);
    expect(momentsOf(quantile1d([1, 2, 3, 6])).mean[0]).toBe(3);
    expect(() => cloudOf(gaussian({ mean: [0], cov: [[1]] }))).toThrow(/sample it first/);
  });
});
