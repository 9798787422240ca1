import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { executeRun } from "../../src/cli/execute.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import {
  barenblatt,
  barenblattJkoScale,
  barenblattScale,
} from "../../src/diagnostics/barenblatt.js";
import { tempDir } from "../helpers.js";

describe("barenblatt-neural preset (seed 001 §4.3 by the neural JKO)", () => {
  it("follows the exact JKO iterates of the Barenblatt family on particles alone", async () => {
    // oracle: the exact JKO scales (diagnostics/barenblatt.ts), to the preset's end (t = 0.5,
    // 10 steps). The particles move by W2 = (s₁₀ − s₀)√M₂(B) ≈ 0.4; measured W2 to the exact
    // iterate 1.9e-3 at the end, 2.9e-3 at most (n = 1000, a cap of 400 iterations per step, 254
    // taken on average; with all 400: 1.3e-3 and 2.1e-3), so tol 0.025 (≈ 6 % of the displacement).
    const { summary } = await executeRun(
      resolveRunConfig("barenblatt-neural", ["scheme.outer=400", "scheme.n=1000"]),
      { out: join(tempDir(), "bn"), quiet: true },
    );
    expect(summary.status).toBe("ok");
    expect(summary.t[summary.t.length - 1]).toBeCloseTo(0.5, 9);
    const b = barenblatt(2);
    let s = barenblattScale(2, 0, 0.1);
    const s0 = s;
    for (let k = 0; k < 10; k++) s = barenblattJkoScale(b, s, 0.05, 1);
    const moved = (s - s0) * Math.sqrt(b.secondMoment);
    expect(moved).toBeGreaterThan(0.3);
    const w2 = summary.metrics["w2:jko-exact"];
    expect(w2[w2.length - 1]).toBeLessThan(0.025);
  });

  /** Seed 001 §4.3's first ten steps (τ = 0.001 from t0 = 0.004, 10⁴ quantiles) at run `seed`. */
  const seedSteps = async (name: string, seed: number) => {
    const tau = 0.001;
    const t0 = 0.004;
    const { summary } = await executeRun(
      resolveRunConfig(
        "barenblatt-neural",
        [`t0=${t0}`, `dt=${tau}`, "until=0.01", "save_every=0.001", "scheme.n=10000"],
        seed,
      ),
      { out: join(tempDir(), name), quiet: true },
    );
    expect(summary.status).toBe("ok");
    const b = barenblatt(2);
    const root = Math.sqrt(b.secondMoment);
    let s = barenblattScale(2, 0, t0);
    // each step's own time error, W2(exact JKO iterate, exact solution)
    const own = [0];
    for (let k = 1; k <= 10; k++) {
      s = barenblattJkoScale(b, s, tau);
      own.push(Math.abs(s - barenblattScale(2, k * tau, t0)) * root);
    }
    return { summary, own, w2: summary.metrics["w2:jko-exact"] };
  };

  it("solves each step at the seed's settings to a fifth of the time discretisation's own error, at run seeds 0–3", async () => {
    // oracle: the exact JKO scales and the exact Barenblatt solution (diagnostics/barenblatt.ts).
    // Seed 001 §4.3: τ = 0.001 from t0 = 0.004, a pool of n = 10⁴ deterministic quantiles. The
    // criterion: W2(neural, exact JKO iterate) < ⅕·W2(exact JKO iterate, exact solution) at
    // each of the first ten steps, i.e. the step is solved below what its time discretisation
    // allows; the bound 1 is the criterion itself. Adam's jitter at τ = 0.001 is as large as the
    // step, which is where the preset's plateau test (src/neural/schedule.ts) stopping early
    // would show. Measured, the worst step at seeds 0–3: 0.54, 0.93, 0.90, 0.97 of the fifth,
    // with 5600–5690 iterations of the cap's 10 000. The fixed J1 (scheme.stop=cap) reads 0.76,
    // 1.45, 1.14, 0.46: it meets the fifth at some trainings' noise, not all. A decay as long as
    // the held phase instead of J1/2 left 4 of the 10 steps above the fifth at seed 0 (2.4×).
    for (const seed of [0, 1, 2, 3]) {
      const { summary, own, w2 } = await seedSteps(`bs${seed}`, seed);
      for (let k = 1; k <= 10; k++)
        expect(w2[k], `seed ${seed}, step ${k}`).toBeLessThan(own[k] / 5);
      expect(summary.events?.["training iterations"]).toBeLessThan(0.8 * 10 * 1000);
    }
  });
});
