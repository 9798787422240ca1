import { describe, expect, it } from "vitest";
import { stepContext } from "../helpers.js";
import { flow } from "../../src/flow/flow.js";
import {
  entropy,
  halfMmdSquared,
  interaction,
  mmdEnergy,
  porousMedium,
  quadratic,
  sum,
} from "../../src/energies/index.js";
import { gaussian } from "../../src/measures/construct.js";
import { sample } from "../../src/measures/convert.js";
import { moments } from "../../src/measures/moments.js";
import type { Particles } from "../../src/measures/types.js";
import { key } from "../../src/random/key.js";
import {
  blob,
  langevin,
  mala as malaScheme,
  mmdFlow,
  svgd,
  unsupportedBy,
} from "../../src/schemes/index.js";

const ou = (d: number) =>
  sum(
    quadratic({
      A: Array.from({ length: d }, (_, i) =>
        Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)),
      ),
      b: new Array(d).fill(0),
    }),
    entropy(),
  );
const variance = (m: Particles, a = 0) => moments(m).cov.data[a * m.d + a];

describe("SVGD", () => {
  it("with the linear kernel is the affine map fixed by the empirical moments", () => {
    // oracle: for k(x, y) = xᵀy + 1 and V = |x|²/2, σ = 1: φ(x) = (1 − S)x − m with
    // S = (1/N)Σ x_j x_jᵀ, m the mean (1D here), derived in src/schemes/svgd.ts; rounding only
    const scheme = svgd({ n: 300, kernel: "linear" });
    const problem = { energy: ou(1), initial: gaussian({ mean: [0.5], cov: [[0.3]] }) };
    const s0 = scheme.init(problem, key(0));
    const s1 = scheme.step(s0, stepContext(problem, 0.05, key(1)));
    const x = s0.measure.x;
    const m = x.reduce((s, v) => s + v, 0) / x.length;
    const S = x.reduce((s, v) => s + v * v, 0) / x.length;
    for (let i = 0; i < x.length; i++)
      expect(s1.measure.x[i]).toBeCloseTo(x[i] + 0.05 * ((1 - S) * x[i] - m), 13);
  });

  it("rejects a bandwidth ≤ 0 and the porous medium", () => {
    expect(() => svgd({ bandwidth: 0 })).toThrow(
      /bandwidth = 0 is out of range: expected median or a number > 0/,
    );
    const porous = { energy: porousMedium(2), initial: gaussian({ mean: [0], cov: [[1]] }) };
    expect(unsupportedBy(svgd().supports, porous)).toMatch(/does not take porous/);
  });
});

describe("blob particles", () => {
  it("rejects epsilon ≤ 0", () => {
    expect(() => blob({ epsilon: 0 })).toThrow(
      /epsilon = 0 is out of range: expected auto or a number > 0/,
    );
  });
});

describe("MALA", () => {
  it("removes the O(dt) bias of the Langevin stationary law", async () => {
    // oracle: for V = x²/2, σ = 1, Euler–Maruyama's stationary variance is 1/(1 − h/2) = 1.333
    // at h = 0.5; MALA's is exactly 1. N = 20000: 5 standard errors of a variance ≈ 0.05
    const run = async (mala: boolean) =>
      variance(
        (
          await flow({
            energy: ou(1),
            initial: gaussian({ mean: [0], cov: [[1]] }),
            dt: 0.5,
            scheme: (mala ? malaScheme : langevin)({ n: 20000 }),
            until: 25,
            saveEvery: 25,
            key: key(1),
          })
        ).final.measure as Particles,
      );
    expect(Math.abs((await run(false)) - 4 / 3)).toBeLessThan(0.067);
    expect(Math.abs((await run(true)) - 1)).toBeLessThan(0.05);
  });

  it("refuses a moving target (an interaction)", () => {
    expect(
      unsupportedBy(malaScheme().supports, {
        energy: sum(ou(1), interaction("quadratic")),
        initial: gaussian({ mean: [0], cov: [[1]] }),
      }),
    ).toMatch(/does not take interaction/);
  });
});

describe("MMD flow", () => {
  it("is stationary on the target samples and decreases ½MMD² otherwise", async () => {
    // oracle: at ρ = ν the witness function is constant, so every velocity vanishes (1e-15);
    // away from it the flow is a deterministic gradient flow: F non-increasing (flow() checks)
    const target = sample(
      gaussian({
        mean: [2, 0],
        cov: [
          [0.5, 0],
          [0, 0.5],
        ],
      }),
      150,
      key(5),
    ) as Particles;
    const still = mmdFlow();
    const problem = { energy: mmdEnergy(target, 1), initial: target };
    const s0 = still.init(problem, key(0));
    const s1 = still.step(s0, stepContext(problem, 0.5, key(1)));
    for (let i = 0; i < target.x.length; i++)
      expect(Math.abs(s1.measure.x[i] - target.x[i])).toBeLessThan(1e-14);
    const run = await flow({
      energy: mmdEnergy(target, 1),
      initial: gaussian({
        mean: [0, 0],
        cov: [
          [1, 0],
          [0, 1],
        ],
      }),
      dt: 0.5,
      scheme: mmdFlow({ n: 150 }),
      until: 20,
      key: key(2),
    });
    expect(run.status).toBe("ok");
    const first = halfMmdSquared(run.snapshots[0].measure as Particles, target, 1);
    expect(halfMmdSquared(run.final.measure as Particles, target, 1)).toBeLessThan(0.2 * first);
  });

  it("rejects a kernel width ≤ 0 and negative noise", () => {
    const target = sample(gaussian({ mean: [0], cov: [[1]] }), 10, key(5)) as Particles;
    expect(() => mmdEnergy(target, 0)).toThrow(/width must be > 0/);
    expect(() => mmdFlow({ noise: -1 })).toThrow(
      /noise = -1 is out of range: expected a number ≥ 0/,
    );
  });

  it("rejects a target whose dimension differs from the particles'", async () => {
    const target = sample(
      gaussian({
        mean: [0, 0],
        cov: [
          [1, 0],
          [0, 1],
        ],
      }),
      10,
      key(5),
    ) as Particles;
    await expect(
      flow({
        energy: mmdEnergy(target, 1),
        initial: gaussian({ mean: [0], cov: [[1]] }),
        dt: 0.1,
        scheme: mmdFlow({ n: 10 }),
        until: 1,
        key: key(0),
      }),
    ).rejects.toThrow(/2-dimensional but the initial measure is 1-dimensional/);
  });
});

describe("kernels at the boundary", () => {
  it("refuses a kernel that is undefined at 0 unless it asks for the j ≠ i rule", async () => {
    const { interaction } = await import("../../src/energies/interaction.js");
    const coulomb = {
      name: "coulomb",
      w: (r2: number) => -0.5 * Math.log(r2),
      c: (r2: number) => -1 / r2,
    };
    expect(() => interaction({ ...coulomb, singularAtZero: false })).toThrow(
      /not defined at 0[\s\S]*singularAtZero: true/,
    );
    expect(() => interaction({ ...coulomb, singularAtZero: true })).not.toThrow();
  });
});
