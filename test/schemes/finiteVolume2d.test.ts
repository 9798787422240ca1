import { describe, expect, it } from "vitest";
import { finiteVolume2d } from "../../src/schemes/finiteVolume2d.js";
import { flow } from "../../src/flow/flow.js";
import { interaction, kl, quadratic } from "../../src/energies/index.js";
import { gaussian, grid } from "../../src/measures/construct.js";
import { gaussianPdf, gridL1 } from "../../src/measures/density.js";
import { gridMass } from "../../src/measures/convert.js";
import { ouLaw } from "../../src/diagnostics/ou.js";
import { fromRows, identity } from "../../src/core/matrix.js";
import { key } from "../../src/random/key.js";
import type { Grid } from "../../src/measures/types.js";

const A = fromRows([
  [1, 0.3],
  [0.3, 2],
]);
const b = Float64Array.of(0.5, 0);

async function ouRun(n: number, order: 1 | 2 = 2) {
  const run = await flow({
    energy: kl(quadratic({ A, b })),
    initial: gaussian({
      mean: [0, 0],
      cov: [
        [1, 0],
        [0, 1],
      ],
    }),
    dt: 0.1,
    scheme: finiteVolume2d({ order, box: { lower: [-6, -6], upper: [6, 6], shape: [n, n] } }),
    until: 0.5,
    key: key(0),
  });
  const law = ouLaw(A, b, { mean: new Float64Array(2), cov: identity(2) }, 0.5);
  const l1 = gridL1(run.final.measure as Grid, gaussianPdf(law));
  return { run, l1 };
}

describe("finite volumes in 2D (upwind, SSP-RK3, CFL)", () => {
  it("converges to the exact OU law at first order (upwind) and second order (minmod reconstruction)", async () => {
    // oracle: the Gaussian law of the OU flow (diagnostics/ou.ts). Measured L1 at 32², 64², 128²:
    // order 1: 4.6e-2, 2.2e-2, 1.1e-2; order 2: 1.3e-2, 3.3e-3, 8.3e-4
    const first = [await ouRun(32, 1), await ouRun(64, 1)];
    expect(first[0].l1 / first[1].l1).toBeGreaterThan(1.7);
    expect(first[0].l1 / first[1].l1).toBeLessThan(2.3);
    const second = [await ouRun(32), await ouRun(64)];
    expect(second[1].l1).toBeLessThan(5e-3);
    expect(second[0].l1 / second[1].l1).toBeGreaterThan(3.4);
    expect(second[0].l1 / second[1].l1).toBeLessThan(4.6);
  });

  it("conserves mass to rounding, keeps the density non-negative, and decreases F", async () => {
    // oracle: no-flux walls telescope the fluxes; CFL dt ≤ h/(4 max|u|) keeps each RK stage ≥ 0
    const { run } = await ouRun(48);
    const first = run.snapshots[0].measure as Grid;
    const last = run.final.measure as Grid;
    expect(Math.abs(gridMass(last) - gridMass(first)) / gridMass(first)).toBeLessThan(1e-12);
    expect(last.density.every((v) => v >= 0)).toBe(true);
    const e = run.history.energy;
    for (let k = 1; k < e.length; k++) expect(e[k]).toBeLessThan(e[k - 1]);
  });

  it("attraction concentrates a uniform square into its centre of mass", async () => {
    // oracle: a pure Gaussian attraction contracts; mass and the centre of mass are conserved
    const n = 32;
    const initial = grid({
      lower: [-2, -2],
      upper: [2, 2],
      shape: [n, n],
      density: (x) => (Math.abs(x[0]) < 1 && Math.abs(x[1] - 0.2) < 0.8 ? 1 : 0),
    });
    const run = await flow({
      energy: interaction("gaussian-attraction"),
      initial,
      dt: 0.5,
      scheme: finiteVolume2d(),
      until: 2,
      key: key(0),
    });
    const g = run.final.measure as Grid;
    const centre = (m: Grid) => {
      let s = 0;
      let w = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          s += m.density[i * n + j] * (-2 + ((j + 0.5) * 4) / n);
          w += m.density[i * n + j];
        }
      return s / w;
    };
    expect(Math.abs(centre(g) - centre(initial))).toBeLessThan(1e-12);
    expect(Math.max(...g.density)).toBeGreaterThan(1.2 * Math.max(...initial.density));
  });

  it("samples a Gaussian start on mean ± 6 sd by default, and names unsupported input", async () => {
    const base = { energy: kl(quadratic({ A, b })), until: 1, key: key(0) };
    const run = await flow({
      ...base,
      initial: gaussian({
        mean: [0.5, 0],
        cov: [
          [1, 0],
          [0, 0.25],
        ],
      }),
      dt: 0.1,
      scheme: finiteVolume2d(),
    });
    expect(run.status).toBe("ok");
    const g = run.final.measure as Grid;
    expect([g.lower, g.upper, g.shape]).toEqual([
      [-5.5, -3],
      [6.5, 3],
      [64, 64],
    ]);
    await expect(
      flow({
        ...base,
        energy: interaction("log"),
        initial: gaussian({
          mean: [0, 0],
          cov: [
            [1, 0],
            [0, 1],
          ],
        }),
        dt: 0.1,
        scheme: finiteVolume2d(),
      }),
    ).rejects.toThrow(/does not take singular-interaction/);
    expect(() => finiteVolume2d({ cfl: 2 })).toThrow(/cfl/);
  });
});

describe("finite volumes: bad input", () => {
  it("refuses a grid too coarse for the kernel and an initial density without mass", async () => {
    const coarse = grid({ lower: [-4, -4], upper: [4, 4], shape: [8, 8], density: () => 1 });
    await expect(
      flow({
        energy: interaction("gaussian-attraction"),
        initial: coarse,
        dt: 0.1,
        scheme: finiteVolume2d(),
        until: 1,
        key: key(0),
      }),
    ).rejects.toThrow(/too coarse for the interaction kernel[\s\S]*at least 32 cells/);
    const empty = grid({ lower: [-1, -1], upper: [1, 1], shape: [16, 16], density: () => 0 });
    await expect(
      flow({
        energy: interaction("gaussian-attraction"),
        initial: empty,
        dt: 0.1,
        scheme: finiteVolume2d(),
        until: 1,
        key: key(0),
      }),
    ).rejects.toThrow(/no mass/);
  });
});
