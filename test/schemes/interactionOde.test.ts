import { describe, expect, it } from "vitest";
import { flow } from "../../src/flow/flow.js";
import { interaction, entropy, sum, quadratic } from "../../src/energies/index.js";
import { particles } from "../../src/measures/construct.js";
import { key } from "../../src/random/key.js";
import { interactionOde } from "../../src/schemes/interactionOde.js";
import type { Particles } from "../../src/measures/types.js";

function circle(n: number, r: number): Particles {
  const x = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = r * Math.cos((2 * Math.PI * i) / n);
    x[2 * i + 1] = r * Math.sin((2 * Math.PI * i) / n);
  }
  return particles(x, 2);
}

function radii(p: Particles): number[] {
  return Array.from({ length: p.n }, (_, i) => Math.hypot(p.x[2 * i], p.x[2 * i + 1]));
}

describe("interaction ODE (explicit Euler)", () => {
  it("ring kernel: equally spaced points follow the radial ODE to the radius 1/√3", async () => {
    // oracle: for N ≥ 3 equally spaced points the mean of (1−cos θ) is 1 and of (1−cos θ)² is 3/2, so
    // Ṙ = −R(3R² − 1) exactly; with u = R², 1/u = 3 + (1/u₀ − 3)e^{−2t}. Explicit Euler with h = 1e-3
    // is first order: tol 5e-4 on R (error ≈ h·|R̈|·t/2).
    const r0 = 0.2;
    const t = 2;
    const run = await flow({
      energy: interaction("ring"),
      initial: circle(24, r0),
      dt: 1e-3,
      scheme: interactionOde(),
      until: t,
      key: key(0),
    });
    expect(run.status).toBe("ok");
    const exact = 1 / Math.sqrt(3 + (1 / r0 ** 2 - 3) * Math.exp(-2 * t));
    for (const r of radii(run.final.measure as Particles))
      expect(Math.abs(r - exact)).toBeLessThan(5e-4);
    const late = await flow({
      energy: interaction("ring"),
      initial: circle(24, r0),
      dt: 0.01,
      scheme: interactionOde(),
      until: 20,
      key: key(0),
    });
    for (const r of radii(late.final.measure as Particles))
      expect(Math.abs(r - 1 / Math.sqrt(3))).toBeLessThan(1e-9);
  });

  it("conserves the centre of mass of a pure interaction, and decreases the energy", async () => {
    // oracle: Σ_i v_i = 0 by antisymmetry of ∇W; energy dissipation of a gradient flow
    const x = Float64Array.from({ length: 60 }, (_, i) => Math.sin(1.3 * i) + 0.1 * i);
    const run = await flow({
      energy: interaction("gaussian-attraction"),
      initial: particles(x, 2),
      dt: 0.05,
      scheme: interactionOde(),
      until: 2,
      saveEvery: 0.25,
      key: key(0),
    });
    const p = run.final.measure as Particles;
    for (let a = 0; a < 2; a++) {
      let c0 = 0;
      let c1 = 0;
      for (let i = 0; i < 30; i++) {
        c0 += x[2 * i + a] / 30;
        c1 += p.x[2 * i + a] / 30;
      }
      expect(Math.abs(c1 - c0)).toBeLessThan(1e-12);
    }
    const e = run.history.energy;
    for (let i = 1; i < e.length; i++) expect(e[i]).toBeLessThanOrEqual(e[i - 1] + 1e-15);
  });

  it("refuses internal energies", async () => {
    await expect(
      flow({
        energy: sum(quadratic({ A: [[1]], b: [0] }), entropy()),
        initial: particles([0, 1, 2], 1),
        dt: 0.1,
        scheme: interactionOde(),
        until: 1,
        key: key(0),
      }),
    ).rejects.toThrow(/does not take entropy.*schemes that can: langevin/s);
  });
});
