import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { executeRun } from "../../src/cli/execute.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { tempDir } from "../helpers.js";

const run = async (sets: string[]) =>
  (
    await executeRun(resolveRunConfig("interaction-kernels", sets), {
      out: join(tempDir(), "run"),
      quiet: true,
    })
  ).summary;
const last = (xs: number[]) => xs[xs.length - 1];

describe("interaction-kernels preset (seed 004)", () => {
  it("Coulomb repulsion raises the mean of |x|² at exactly s(N−1)/N per unit time", async () => {
    // oracle: d/dt (1/N)Σ|x_i|² = (s/N²)Σ_{i≠j} 1 for W = −ln|x| (symmetrise x_i·(x_i − x_j)).
    // Explicit Euler adds h²·mean|v|² per step: with dt = 0.002 that is measured at 8e-4
    // over t = 2 (first order in dt); tol 2e-3.
    const s = 1.5;
    const n = 120;
    const summary = await run([
      "mode=repulsion",
      `strength=${s}`,
      `n=${n}`,
      "dt=0.002",
      "until=2",
      "save_every=1",
    ]);
    const m2 = summary.metrics["mean-|x|²"];
    expect(Math.abs(last(m2) - m2[0] - (s * (n - 1) * 2) / n)).toBeLessThan(2e-3);
    expect(last(summary.metrics["centre-drift"])).toBeCloseTo(
      summary.metrics["centre-drift"][0],
      12,
    );
  });

  it("balanced: the mean of |x|² relaxes to s(N−1)/(2N), the disc of radius √s", async () => {
    // oracle: d/dt M2 = −2M2 + s(N−1)/N (virial identity with V = |x|²/2), steady exactly at
    // s(N−1)/(2N). The steady disc is a rest point of the particle ODE, so explicit Euler adds
    // no bias there; after t = 8 the start is forgotten to e^{−16}·|M2(0) − M2*| ≈ 1.6e-7
    // (measured 1.3e-7); tol 1e-6.
    const s = 2;
    const n = 200;
    const summary = await run(["mode=balanced", `strength=${s}`, `n=${n}`, "until=8"]);
    expect(summary.status).toBe("ok");
    expect(Math.abs(last(summary.metrics["mean-|x|²"]) - (s * (n - 1)) / (2 * n))).toBeLessThan(
      1e-6,
    );
  });

  it("attraction clumps the cloud and keeps its centre of mass", async () => {
    // oracle: momentum conservation of a symmetric interaction (Newton's third law), to
    // round-off; clumping: F decreases (checked by flow()) and the spread shrinks.
    const summary = await run(["mode=attraction", "strength=5", "until=3"]);
    expect(summary.status).toBe("ok");
    const drift = summary.metrics["centre-drift"];
    expect(Math.abs(last(drift) - drift[0])).toBeLessThan(1e-12);
    expect(last(summary.metrics["mean-|x|²"])).toBeLessThan(0.7 * summary.metrics["mean-|x|²"][0]);
  });

  it("the Gaussian kernel repels, its negative collapses, and with |x|²/2 it settles", async () => {
    // oracles: a symmetric interaction keeps the centre of mass (to round-off); descent of
    // ½∬W with W = e^{−|x|²/(2σ²)} spreads the cloud and with −W contracts it (F decreases,
    // checked by flow(), and the mean of |x|² moves the way the force points: measured ×1.45
    // by t = 3 and ×0.39 by t = 6); with the long-range attraction added the flow comes to
    // rest: over the last unit of time M2 changes by 1.1e-4 of itself at t = 12 (the free
    // flows by 3–9 %); bound 1e-3.
    const spread = async (mode: string, until: number) => {
      const summary = await run([`mode=${mode}`, "strength=2", "n=150", `until=${until}`]);
      expect(summary.status, mode).toBe("ok");
      const drift = summary.metrics["centre-drift"];
      expect(Math.abs(last(drift) - drift[0]), mode).toBeLessThan(1e-12);
      return summary.metrics["mean-|x|²"];
    };
    const up = await spread("gaussian-repulsion", 3);
    expect(last(up)).toBeGreaterThan(1.2 * up[0]);
    const down = await spread("gaussian-collapse", 6);
    expect(last(down)).toBeLessThan(0.5 * down[0]);
    const settled = await spread("gaussian-balanced", 12);
    expect(Math.abs(last(settled) - settled[settled.length - 11])).toBeLessThan(
      1e-3 * last(settled),
    );
  });
});
