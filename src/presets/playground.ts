/**
 * The playground: an energy assembled from parts (potential, interaction, internal), a
 * Gaussian start and any registered scheme, in 1D or 2D. A scheme that cannot run the energy
 * is refused with the reason and the schemes that can, instead of running something else.
 * The web explorer's playground runs two of these side by side; `ottoflow run playground
 * --scheme NAME --set …` runs one.
 */
import { z } from "zod";
import { ConfigError } from "../core/errors.js";
import { scale, sum } from "../energies/combine.js";
import { interaction } from "../energies/interaction.js";
import { entropy, porousMedium } from "../energies/internal.js";
import { doubleWell, quadratic, quartic } from "../energies/potential.js";
import type { Energy } from "../energies/types.js";
import { gaussian, grid } from "../measures/construct.js";
import { gaussianPdf } from "../measures/density.js";
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
/**
 * The schemes the explorer's playground offers: those that redraw within a second or two at its
 * sizes. Any registered scheme runs the playground from the CLI (`--scheme neural-jko`, whose
 * 200 trained steps at the panel's step take minutes, or `entropic-jko-2d`).
 */
export const playgroundSchemes = [
  "langevin",
  "forward-euler",
  "blob",
  "svgd",
  "interaction-ode",
  "jko-quantile-1d",
  "finite-volume-2d",
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
    cells: z
      .number()
      .int()
      .min(8)
      .max(256)
      .default(64)
      .describe("grid cells per axis on [−3, 3]² (grid schemes)"),
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

export const playgroundPreset = definePreset({
  name: "playground",
  summary: "Any energy from parts (V, W, U), a Gaussian start and any scheme, in 1D or 2D",
  source: "the web explorer's playground",
  params,
  time: { dt: 0.01, until: 2, save_every: 0.05 },
  scheme: { name: "langevin", params: { n: 500 } },
  tuned: {
    "neural-jko": { time: { dt: 0.05 }, scheme: { n: 1000, outer: 100, batch: 500, width: 32 } },
  },
  build(p, { scheme }) {
    if (p.interaction === "coulomb" && p.dim === 1)
      throw new ConfigError(
        "the Coulomb kernel −ln|x| is the 2D one",
        "use dim = 2, or the quadratic or ring kernel in 1D",
      );
    const mean = p.dim === 1 ? [p.mean] : [p.mean, 0];
    const v = p.std * p.std;
    const start = gaussian({
      mean,
      cov:
        p.dim === 1
          ? [[v]]
          : [
              [v, 0],
              [0, v],
            ],
    });
    // Schemes that start from grids only get the same Gaussian on the playground's box.
    const half = 3;
    const { measures } = scheme.supports;
    const onBox =
      !measures.includes("particles") && measures.includes("grid") && p.dim === 2
        ? grid({
            lower: [-half, -half],
            upper: [half, half],
            shape: [p.cells, p.cells],
            density: gaussianPdf(start),
          })
        : undefined;
    return {
      energy: playgroundEnergy(p),
      initial: onBox ?? start,
      metrics: {},
      problem: { energy: playgroundEnergy(p).terms.map((t) => `${t.scale}·${t.name}`) },
      view: {},
    };
  },
});
