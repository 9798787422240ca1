/**
 * The playground: an energy assembled from parts (potential, interaction, internal), a
 * Gaussian start and any scheme, in 1D or 2D. A scheme that cannot run the energy says why
 * (Scheme.unsupported) instead of running something else. The web explorer's playground
 * runs two of these side by side; `ottoflow run playground --set …` runs one.
 */
import { z } from "zod";
import { ConfigError } from "../core/errors.js";
import { scale, sum } from "../energies/combine.js";
import { interaction } from "../energies/interaction.js";
import { entropy, porousMedium } from "../energies/internal.js";
import { doubleWell, quadratic, quartic } from "../energies/potential.js";
import type { Energy } from "../energies/types.js";
import { gaussian } from "../measures/construct.js";
import { blob } from "../schemes/blob.js";
import { finiteVolume2d } from "../schemes/finiteVolume2d.js";
import { forwardEuler } from "../schemes/forwardEuler.js";
import { interactionOde } from "../schemes/interactionOde.js";
import { jkoQuantile1d } from "../schemes/jkoQuantile1d.js";
import { langevin } from "../schemes/langevin.js";
import { svgd } from "../schemes/svgd.js";
import type { Scheme } from "../schemes/types.js";
import { definePreset } from "./types.js";

export const playgroundPotentials = ["none", "quadratic", "double-well", "quartic"] as const;
export const playgroundInteractions = [
  "none",
  "quadratic",
  "ring",
  "gaussian-attraction",
  "coulomb",
] as const;
export const playgroundInternals = ["none", "entropy", "porous"] as const;
export const playgroundSchemes = [
  "langevin",
  "score-particles",
  "blob",
  "svgd",
  "interaction-ode",
  "jko-quantile-1d",
  "finite-volumes-2d",
] as const;

const params = z
  .object({
    dim: z
      .union([z.literal(1), z.literal(2)])
      .default(1)
      .describe("dimension"),
    potential: z
      .enum(playgroundPotentials)
      .default("double-well")
      .describe("confining potential V"),
    interaction: z.enum(playgroundInteractions).default("none").describe("interaction kernel W"),
    interaction_scale: z.number().min(0).max(20).default(1).describe("weight of the interaction"),
    internal: z.enum(playgroundInternals).default("entropy").describe("internal energy U"),
    temperature: z.number().min(0).max(10).default(0.5).describe("weight of the internal energy"),
    m: z.number().gt(1).max(10).default(2).describe("porous exponent"),
    mean: z.number().min(-5).max(5).default(0.3).describe("initial mean (first coordinate)"),
    std: z.number().positive().max(5).default(0.3).describe("initial standard deviation"),
    scheme: z.enum(playgroundSchemes).default("langevin").describe("the scheme"),
    n: z.number().int().min(2).max(20_000).default(500).describe("particles, quantile cells"),
    cells: z.number().int().min(8).max(256).default(64).describe("grid cells per axis (2D grid)"),
    dt: z.number().positive().max(10).default(0.01).describe("step (τ for JKO)"),
    until: z.number().positive().max(10_000).default(2).describe("final time"),
    save_every: z.number().positive().default(0.05).describe("time between snapshots"),
  })
  .strict();

type Params = z.infer<typeof params>;

export function playgroundEnergy(p: Params): Energy {
  const parts: Energy[] = [];
  if (p.potential === "quadratic") {
    const eye =
      p.dim === 1
        ? [[1]]
        : [
            [1, 0],
            [0, 1],
          ];
    parts.push(quadratic({ A: eye, b: new Array(p.dim).fill(0) }));
  } else if (p.potential === "double-well") parts.push(doubleWell());
  else if (p.potential === "quartic") parts.push(quartic());
  if (p.interaction !== "none" && p.interaction_scale > 0)
    parts.push(scale(interaction(p.interaction), p.interaction_scale));
  if (p.internal !== "none" && p.temperature > 0)
    parts.push(scale(p.internal === "entropy" ? entropy() : porousMedium(p.m), p.temperature));
  return sum(...parts);
}

function playgroundScheme(p: Params): Scheme {
  switch (p.scheme) {
    case "langevin":
      return langevin({ dt: p.dt, n: p.n });
    case "score-particles":
      return forwardEuler({ dt: p.dt, n: p.n, score: p.dim === 1 ? "lagrangian" : "kde" });
    case "blob":
      // ε: the square of a Silverman-like width of the start, σ·n^{−1/(d+4)}.
      return blob({ dt: p.dt, n: p.n, epsilon: (p.std * p.n ** (-1 / (p.dim + 4))) ** 2 });
    case "svgd":
      return svgd({ dt: p.dt, n: p.n });
    case "interaction-ode":
      return interactionOde({ dt: p.dt, n: p.n });
    case "jko-quantile-1d":
      return jkoQuantile1d({ tau: p.dt, n: p.n });
    case "finite-volumes-2d": {
      const half = 3;
      return finiteVolume2d({
        dt: p.dt,
        box: { lower: [-half, -half], upper: [half, half], shape: [p.cells, p.cells] },
      });
    }
  }
}

export const playgroundPreset = definePreset({
  name: "playground",
  summary: "Any energy from parts (V, W, U), a Gaussian start and any scheme, in 1D or 2D",
  source: "the web explorer's playground",
  params,
  build(p) {
    if (p.interaction === "coulomb" && p.dim === 1)
      throw new ConfigError(
        "the Coulomb kernel −ln|x| is the 2D one",
        "use dim = 2, or the quadratic or ring kernel in 1D",
      );
    const mean = p.dim === 1 ? [p.mean] : [p.mean, 0];
    const v = p.std * p.std;
    return {
      energy: playgroundEnergy(p),
      initial: gaussian({
        mean,
        cov:
          p.dim === 1
            ? [[v]]
            : [
                [v, 0],
                [0, v],
              ],
      }),
      scheme: playgroundScheme(p),
      until: p.until,
      saveEvery: p.save_every,
      metrics: {},
      problem: { energy: playgroundEnergy(p).terms.map((t) => `${t.scale}·${t.name}`) },
      view: {},
    };
  },
});
