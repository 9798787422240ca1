/**
 * Seed 004, Fokker–Planck third view: the density of ∂tρ = ∇·(ρ ∇(drift·V)) + noise·Δρ on a
 * grid, V = −log β with β a two-Gaussian target to the right of the isotropic start N(0, I).
 * The upwind scheme's discrete steady state is exactly ∝ e^{−drift·V/noise} on the cell
 * centres (ξ constant ⇔ zero fluxes), so the KL to it is an exact oracle of convergence.
 * `--scheme entropic-jko-2d` takes implicit entropic JKO steps instead; its blur shifts the
 * steady state (the KL then settles at a floor that shrinks with ε/dt). Particle schemes read
 * out through a KDE on the same cells.
 */
import { z } from "zod";
import { logSumExp } from "../core/reduce.js";
import { scale, sum } from "../energies/combine.js";
import { entropy } from "../energies/internal.js";
import { gaussianMixture, type Mixture } from "../energies/mixture.js";
import { cellCentre, cellVolume, grid } from "../measures/construct.js";
import { kde } from "../measures/convert.js";
import { gaussianPdf } from "../measures/density.js";
import { gaussian } from "../measures/construct.js";
import type { Grid, Measure } from "../measures/types.js";
import { definePreset } from "./types.js";

/** Seed 004's two-Gaussian target to the right of the start: β = ½N((s, ±1), ½I). */
export function twoGaussianTarget(shift: number): Mixture {
  return gaussianMixture([
    { weight: 0.5, mean: [shift, 1], variance: 0.5 },
    { weight: 0.5, mean: [shift, -1], variance: 0.5 },
  ]);
}

/** KL(ρ ‖ π) on a grid, π ∝ e^{logPi} normalised to ρ's mass on the same cells (so KL ≥ 0). */
function klOnGrid(g: Grid, logPi: Float64Array): number {
  const vol = cellVolume(g);
  const mass = g.density.reduce((s, v) => s + v, 0) * vol;
  const logZ = logSumExp(logPi) + Math.log(vol) - Math.log(mass);
  let kl = 0;
  for (let k = 0; k < g.density.length; k++) {
    const r = g.density[k];
    if (r > 0) kl += r * (Math.log(r) - (logPi[k] - logZ)) * vol;
  }
  return kl;
}

export const fokkerPlanckGridPreset = definePreset({
  name: "fokker-planck-grid",
  summary:
    "Fokker–Planck towards a two-Gaussian target by positivity-preserving finite volumes (seed 004, Fokker–Planck grid view)",
  source: "seed 004, Fokker–Planck panel",
  params: z
    .object({
      n: z.number().int().min(8).max(512).default(96).describe("cells per axis"),
      shift: z
        .number()
        .min(0)
        .max(4)
        .default(2)
        .describe("how far right of the start the target sits"),
      drift: z.number().positive().max(10).default(1).describe("weight of the potential −log β"),
      noise: z
        .number()
        .positive()
        .max(10)
        .default(1)
        .describe("diffusion coefficient (temperature)"),
    })
    .strict(),
  time: { dt: 0.1, until: 4, save_every: 0.2 },
  scheme: { name: "finite-volume-2d" },
  build(p) {
    const target = twoGaussianTarget(p.shift);
    const V = target.potential();
    const box = {
      lower: [-4, -5] as [number, number],
      upper: [4 + p.shift + 2, 5] as [number, number],
      shape: [p.n, p.n] as [number, number],
    };
    const logPi = new Float64Array(p.n * p.n);
    const pt = new Float64Array(2);
    for (let i = 0; i < p.n; i++)
      for (let j = 0; j < p.n; j++) {
        pt[0] = cellCentre(box, 0, i);
        pt[1] = cellCentre(box, 1, j);
        logPi[i * p.n + j] = (p.drift / p.noise) * target.logDensity(pt);
      }
    const start = gaussian({
      mean: [0, 0],
      cov: [
        [1, 0],
        [0, 1],
      ],
    });
    const onGrid = (m: Measure): Grid => (m.kind === "particles" ? kde(m, box) : (m as Grid));
    return {
      energy: sum(scale(V, p.drift), scale(entropy(), p.noise)),
      initial: grid({ ...box, density: gaussianPdf(start) }),
      readout: onGrid,
      metrics: {
        "kl:discrete-steady": (m) => klOnGrid(m as Grid, logPi),
        mass: (m) => (m as Grid).density.reduce((s, v) => s + v, 0) * cellVolume(m as Grid),
      },
      problem: {
        target: `½N((${p.shift}, ±1), ½I)`,
        box,
        pde: "∂tρ = ∇·(ρ∇(drift·V)) + noise·Δρ, V = −log β",
      },
      view: { targetPdf2d: (x, y) => Math.exp(target.logDensity([x, y])) },
    };
  },
});
