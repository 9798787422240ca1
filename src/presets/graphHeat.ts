/**
 * Seed 002, "discrete flows on graphs": the gradient flow of the relative entropy on a finite
 * graph in Maas's discrete transport metric (schemes/graphFlow.ts), from almost all the mass
 * on node 0, checked against the Markov semigroup e^{tL}p₀ it must equal. Named graphs or a
 * user edge list (`--set edges=[[0,1],[1,2,0.5],…]`).
 */
import { z } from "zod";
import { graphFromEdges, heatSemigroup, namedGraph, spectralGap } from "../graph/graph.js";
import type { Measure, Particles } from "../measures/types.js";
import { graphEntropy } from "../energies/problemTerms.js";
import { definePreset } from "./types.js";

const lawOf = (m: Measure): Float64Array => (m as Particles).weights!;

export const graphHeatPreset = definePreset({
  name: "graph-heat",
  summary:
    "The entropy's gradient flow on a graph (Maas's discrete transport metric) against the random walk's heat semigroup (seed 002)",
  source: "seed 002, discrete flows on graphs",
  params: z
    .object({
      graph: z
        .string()
        .default("cycle:12")
        .describe("cycle:N, path:N, complete:N, star:N or grid:AxB"),
      edges: z
        .array(z.array(z.number()))
        .optional()
        .describe("a user edge list [[i, j], [i, j, weight], …]; replaces graph"),
      point_mass: z
        .number()
        .gt(0)
        .lt(1)
        .default(0.99)
        .describe("mass on node 0 at the start (the rest uniform)"),
    })
    .strict(),
  time: { dt: 0.02, until: 10, save_every: 0.5 },
  scheme: { name: "graph-entropy-flow" },
  build(p) {
    const graph = p.edges ? graphFromEdges(p.edges) : namedGraph(p.graph);
    const n = graph.nodes;
    const initial = Float64Array.from(
      { length: n },
      (_, x) => (1 - p.point_mass) / n + (x === 0 ? p.point_mass : 0),
    );
    const semigroup = heatSemigroup(graph, initial);
    const gap = spectralGap(graph);
    const l1 = (a: Float64Array, b: Float64Array) =>
      a.reduce((s, v, x) => s + Math.abs(v - b[x]), 0);
    return {
      energy: graphEntropy(graph),
      initial: { kind: "particles", n, d: 2, x: graph.layout, weights: initial },
      metrics: {
        "l1:semigroup": (m, t) => l1(lawOf(m), semigroup(t)),
        "l1:uniform": (m) => l1(lawOf(m), new Float64Array(n).fill(1 / n)),
        "mass-at-node-0": (m) => lawOf(m)[0],
      },
      problem: {
        nodes: n,
        edges: graph.edges.length,
        spectral_gap: gap,
        metric: "Maas: logarithmic-mean edge weights; π uniform",
      },
      view: {},
    };
  },
});
