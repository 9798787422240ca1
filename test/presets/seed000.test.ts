import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { executeRun } from "../../src/cli/execute.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { huberIterates } from "../../src/diagnostics/forwardEulerExact.js";
import { tempDir } from "../helpers.js";

const last = (xs: (number | null)[]) => xs[xs.length - 1];

describe("seed 000 closed forms (diagnostics/forwardEulerExact.ts)", () => {
  it("the Huber FE iterates' KL matches quadrature of their own density", () => {
    // oracle: ∫ρ_k log(ρ_k/φ) by the midpoint rule on a fine grid (dz = 2e-5), tol 1e-4
    const fe = huberIterates(0.2);
    for (const k of [0, 1, 3]) {
      let kl = 0;
      const dz = 2e-5;
      for (let z = -30; z < 30; z += dz) {
        const x = z + dz / 2;
        const p = fe.pdf(k, x);
        if (p > 0) kl += p * (Math.log(p) + 0.5 * x * x + 0.5 * Math.log(2 * Math.PI)) * dz;
      }
      expect(Math.abs(kl - fe.kl(k))).toBeLessThan(1e-4);
    }
  });
});

describe("fe-regularity preset (seed 000, example 2)", () => {
  it("FE's KL diverges (closed form), JKO's converges, the particle FE stops at the jumps", async () => {
    const { summary } = await executeRun(resolveRunConfig("fe-regularity", ["until=4"]), {
      out: join(tempDir(), "reg"),
      quiet: true,
    });
    expect(summary.status).toBe("ok");
    const fe = summary.metrics["kl:fe-exact"] as number[];
    for (let k = 3; k < fe.length; k++) expect(fe[k]).toBeGreaterThan(fe[k - 1]);
    expect(last(fe)!).toBeGreaterThan(100);
    // JKO: monotone down to the mesh's floor (n = 2000: 4.5e-4, measured), tol 1e-3
    const jko = summary.metrics["kl:scheme"] as number[];
    for (let k = 1; k < jko.length; k++) expect(jko[k]).toBeLessThanOrEqual(jko[k - 1] + 1e-12);
    expect(last(jko)!).toBeLessThan(1e-3);
    expect(last(summary.metrics["kl:exact-flow"] as number[])!).toBeLessThan(1e-6);
    expect(summary.events!.fe_particles_halted_at_step).toBe(2);
  });
});
