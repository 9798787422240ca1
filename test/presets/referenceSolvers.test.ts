import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { executeRun } from "../../src/cli/execute.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { seedBarenblattMass } from "../../src/presets/barenblatt.js";
import { tempDir } from "../helpers.js";

const last = (xs: number[]) => xs[xs.length - 1];

describe("1D JKO presets", () => {
  it("barenblatt (seed 001 §4.3): the seed's C has mass 2; the run tracks the exact JKO iterates", async () => {
    // oracle: closed-form mass C^{p+½}β^{−½}B(½, p+1) = 2 for C = (3/16)^{1/3}, m = 2 (docs/errata.md)
    expect(seedBarenblattMass(2, (3 / 16) ** (1 / 3))).toBeCloseTo(2, 12);
    const { summary } = await executeRun(resolveRunConfig("barenblatt", []), {
      out: join(tempDir(), "b"),
      quiet: true,
    });
    expect(summary.status).toBe("ok");
    // spatial error only against the exact JKO iterates; O(τ) time error against the PDE (measured 2.3e-3)
    expect(last(summary.metrics["w2:jko-exact"])).toBeLessThan(1e-4);
    expect(last(summary.metrics["w2:pde"])).toBeLessThan(5e-3);
    expect(last(summary.metrics["l1:pde"])).toBeLessThan(1e-2);
    // the exact iterate's own distance to the solution (closed form in the scales) against the
    // measured W2 to the solution, by the triangle inequality through the run's particles
    summary.metrics["w2:jko-vs-pde"].forEach((floor, k) => {
      const [pde, iterate] = [summary.metrics["w2:pde"][k], summary.metrics["w2:jko-exact"][k]];
      expect(Math.abs(floor - pde)).toBeLessThanOrEqual(iterate + 1e-12);
    });
    expect(last(summary.metrics["w2:jko-vs-pde"])).toBeGreaterThan(1e-3);
    for (let k = 1; k < summary.energy.length; k++)
      expect(summary.energy[k]).toBeLessThan(summary.energy[k - 1]);
  });

  it("heat-1d (seed 004 panel 1): JKO iterates stay within O(τ) of the exact heat solution", async () => {
    // oracle: ρ₀ ∗ N(0, 2t) by quadrature; W2 error of implicit Euler is O(τ) (measured 0.016 at τ = 0.05)
    const { summary } = await executeRun(resolveRunConfig("heat-1d", ["n=400"]), {
      out: join(tempDir(), "h"),
      quiet: true,
    });
    expect(summary.status).toBe("ok");
    expect(last(summary.metrics["w2:heat-exact"])).toBeLessThan(0.03);
    const halved = await executeRun(
      resolveRunConfig("heat-1d", ["n=400", "dt=0.025", "until=1", "save_every=0.05"]),
      {
        out: join(tempDir(), "h2"),
        quiet: true,
      },
    );
    expect(last(halved.summary.metrics["w2:heat-exact"])).toBeLessThan(
      0.7 * last(summary.metrics["w2:heat-exact"]),
    );
  });

  it("porous-1d: larger m keeps a narrower compact support", async () => {
    // oracle: for m > 1 the support grows like t^{1/(m+1)}, slower for larger m; the heat flow (m = 1) spreads fastest
    const spans: number[] = [];
    for (const m of [1, 2, 6]) {
      const { summary } = await executeRun(resolveRunConfig("porous-1d", [`m=${m}`, "n=300"]), {
        out: join(tempDir(), `p${m}`),
        quiet: true,
      });
      expect(summary.status).toBe("ok");
      spans.push(last(summary.metrics.support));
    }
    expect(spans[0]).toBeGreaterThan(spans[1]);
    expect(spans[1]).toBeGreaterThan(spans[2]);
  });
});

describe("fokker-planck-grid preset", () => {
  it("converges to the scheme's exact discrete steady state, conserving mass", async () => {
    // oracle: zero upwind fluxes ⇔ ξ constant ⇔ ρ ∝ e^{−V} on the cell centres, so KL → 0
    const { summary } = await executeRun(resolveRunConfig("fokker-planck-grid", ["n=48"]), {
      out: join(tempDir(), "fp"),
      quiet: true,
    });
    expect(summary.status).toBe("ok");
    const kl = summary.metrics["kl:discrete-steady"];
    for (let k = 1; k < kl.length; k++) expect(kl[k]).toBeLessThan(kl[k - 1]);
    expect(last(kl)).toBeLessThan(1e-4);
    const mass = summary.metrics.mass;
    expect(Math.abs(last(mass) - mass[0])).toBeLessThan(1e-12);
  });
});
