import { describe, expect, it } from "vitest";
import { runResult } from "../helpers.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import type { Grid, Particles } from "../../src/measures/types.js";
import { momentsOf } from "../../src/ot/gaussian.js";
import { radialSteadyState } from "../../src/diagnostics/radialSteady.js";

const finalOf = async (preset: string, sets: string[]) => {
  const config = resolveRunConfig(preset, sets);
  const run = await runResult(config);
  expect(run.status).toBe("ok");
  return [run.snapshots[0].measure, run.final.measure];
};

/** E|x|² = tr Σ + |m|² (a grid by the midpoint rule, particles exactly). */
function secondMoment(m: Grid | Particles): number {
  const { mean, cov } = momentsOf(m);
  return mean.reduce((s, v, a) => s + v * v + cov.data[a * mean.length + a], 0);
}

describe("aggregation-diffusion-neural preset (seed 001 §4.4)", () => {
  it("contracts the square like the finite-volume reference", async () => {
    // oracle: the aggregation-diffusion preset's second-order finite volumes (64², mass 1).
    // Attraction contracts the square: E|x|² falls by 0.396 on the grid by t = 10 (20 JKO
    // steps of a = 0.5). The pool's own contraction (same particles before and after, so the
    // sampling noise of E|x|² largely cancels) measured 0.420, 6 % more; tol 15 %.
    const neural = (await finalOf("aggregation-diffusion-neural", ["until=10"])) as Particles[];
    const grid = (await finalOf("aggregation-diffusion", ["until=10"])) as Grid[];
    const dn = secondMoment(neural[0]) - secondMoment(neural[1]);
    const dg = secondMoment(grid[0]) - secondMoment(grid[1]);
    expect(Math.abs(dn / dg - 1)).toBeLessThan(0.15);
  }, 120_000);
});

/** The radial steady pulse's mass within radius r (its CDF), from the cell table. */
function steadyRadialCdf(): { cdf: (r: number) => number; support: number } {
  const s = radialSteadyState({ kappa: 0.1, m: 3, mass: 1 });
  const dr = s.r[1] - s.r[0];
  const F = [0];
  s.rho.forEach((v, j) => F.push(F[j] + 2 * Math.PI * v * s.r[j] * dr));
  const total = F[F.length - 1];
  const cdf = (r: number) => {
    const j = Math.floor(r / dr);
    return j >= s.r.length ? 1 : (F[j] + (F[j + 1] - F[j]) * (r / dr - j)) / total;
  };
  const support = (F.findIndex((v) => v >= total * (1 - 1e-9)) + 1) * dr;
  return { cdf, support };
}

describe("aggregation-diffusion-neural to its end", () => {
  it("settles on the steady pulse, no particle pushed away from it", async () => {
    // oracle: the radial steady pulse (diagnostics/radialSteady.ts, an independent fixed
    // point). The pool's radii about its centre against the pulse's radial CDF, in KS: measured
    // 0.031 here (n = 2000; sampling alone gives 0.030 at 95 %); seeds 1 and 2 read 0.058 and
    // 0.055, their pulses having merged later (t = 164, 169 against 110), and the preset's
    // n = 4000 reads 0.042 (seed 0) and 0.025 (seed 1). What sampling does not explain is the
    // forward–backward splitting's O(a) bias of its steady state (0.032 at a = 0.25, n = 1000)
    // and the merge's timing (at n = 1000 one seed of three kept two pulses apart to t = 200).
    // Tol 0.09. And the pool stays on the pulse: beyond 1.5× its support radius (0.79) the runs
    // above left at most one particle;
    // before the step moved particles by h's positive part, h's slope beyond the support pushed
    // stray particles outwards (the 99.9 % radius reached 4.5 by t = 128) until the dual
    // collapsed (the default run ended unstable at step 382). Tol 1 %.
    const config = resolveRunConfig("aggregation-diffusion-neural", [
      "scheme.n=2000",
      "scheme.batch=500",
      "scheme.outer=50",
    ]);
    const run = await runResult(config);
    expect(run.status, run.advice ?? "").toBe("ok");
    expect(run.final.t).toBeCloseTo(200, 9);
    const { n, x } = run.final.measure as Particles;
    const centre = [0, 1].map((a) => x.reduce((s, v, i) => (i % 2 === a ? s + v / n : s), 0));
    const radii = Array.from({ length: n }, (_, i) =>
      Math.hypot(x[2 * i] - centre[0], x[2 * i + 1] - centre[1]),
    ).sort((p, q) => p - q);
    const { cdf, support } = steadyRadialCdf();
    const ks = radii.reduce(
      (m, r, i) => Math.max(m, Math.abs(cdf(r) - i / n), Math.abs(cdf(r) - (i + 1) / n)),
      0,
    );
    expect(ks).toBeLessThan(0.09);
    expect(radii.filter((r) => r > 1.5 * support).length).toBeLessThanOrEqual(0.01 * n);
  }, 600_000);
});
