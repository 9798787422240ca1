/**
 * The gradient flow of the relative entropy H(p) = Σ_x p_x log(p_x/π_x) on a finite graph in
 * Maas's discrete transport metric (Maas 2011; Mielke 2011): the Onsager operator weighs
 * each edge by the logarithmic mean θ(p_x, p_y) = (p_x − p_y)/(log p_x − log p_y), so
 *   ṗ_x = Σ_y w_xy θ(p_x, p_y) (φ_y − φ_x),  φ = log(p/π),
 * integrated by classical RK4. Since θ(a, b)(log b − log a) = b − a, this is the heat flow
 * ṗ = Lp of the random walk — the identity the preset checks against e^{tL}p₀, computed
 * independently.
 */
import { z } from "zod";
import { ConfigError, NumericalError } from "../core/errors.js";
import type { GraphEntropyTerm } from "../energies/types.js";
import type { Graph } from "../graph/graph.js";
import type { Particles } from "../measures/types.js";
import { defineScheme } from "./entry.js";
import type { Supports } from "./support.js";
import type { Problem, Scheme, SchemeState } from "./types.js";

export interface GraphFlowState extends SchemeState {
  readonly measure: Particles;
  /** The law on the nodes. */
  readonly p: Float64Array;
}

/** (a − b)/(log a − log b), continuous at a = b and 0 when either vanishes. */
export function logarithmicMean(a: number, b: number): number {
  if (a <= 0 || b <= 0) return 0;
  const r = b / a - 1;
  // Near a = b the quotient cancels: θ = a·r/log(1 + r) = a(1 + r/2 − r²/12 + r³/24 − …).
  if (Math.abs(r) < 1e-4) return a * (1 + r / 2 - (r * r) / 12 + (r * r * r) / 24);
  return (a - b) / (Math.log(a) - Math.log(b));
}

/** −K(p)·DH(p) with π uniform: the gradient-flow velocity of the relative entropy. */
export function entropyGradientFlow(g: Graph, p: Float64Array): Float64Array {
  const out = new Float64Array(g.nodes);
  const logp = Float64Array.from(p, (v) => Math.log(v * g.nodes));
  for (const { i, j, w } of g.edges) {
    const theta = logarithmicMean(p[i], p[j]);
    if (theta === 0) continue; // an empty node exchanges nothing (and has no log)
    const flux = w * theta * (logp[j] - logp[i]);
    out[i] += flux;
    out[j] -= flux;
  }
  return out;
}

export function relativeEntropy(p: Float64Array): number {
  let h = 0;
  for (const v of p) if (v > 0) h += v * Math.log(v * p.length);
  return h;
}

const supports: Supports = {
  terms: ["graph-entropy"],
  needs: ["graph-entropy"],
  measures: ["particles"],
  note: "the start: one weighted particle per node (positive weights)",
  check(problem, parts) {
    const { graph } = parts.problem as GraphEntropyTerm;
    const m = problem.initial as Particles;
    if (m.n !== graph.nodes || !m.weights)
      return `the start must put a weight on each of the ${graph.nodes} nodes`;
    return undefined;
  },
};

const termOf = (problem: Problem): GraphEntropyTerm => problem.energy.terms[0] as GraphEntropyTerm;

export const graphEntropyFlowEntry = defineScheme({
  name: "graph-entropy-flow",
  summary: "The relative entropy's gradient flow on a graph in Maas's metric, by RK4",
  family: "problem-specific",
  params: z.object({}).strict(),
  supports,
  make: (): Scheme<GraphFlowState> => ({
    name: "graph-entropy-flow",
    stochastic: false,
    supports,
    init(problem) {
      const m = problem.initial as Particles;
      const p = m.weights!;
      const total = p.reduce((s, v) => s + v, 0);
      if (p.some((v) => !(v > 0)) || !(Math.abs(total - 1) < 1e-9))
        throw new ConfigError(
          "the initial law must be positive on every node and sum to 1",
          "mix a little of the uniform law into a point mass",
        );
      return { step: 0, t: 0, measure: m, p };
    },
    step(state, { problem, dt: h }) {
      const { graph, scale } = termOf(problem);
      const f = (p: Float64Array) => entropyGradientFlow(graph, p).map((v) => scale * v);
      const at = (p: Float64Array, k: Float64Array, c: number) => p.map((v, x) => v + c * k[x]);
      const p = state.p;
      const k1 = f(p);
      const k2 = f(at(p, k1, h / 2));
      const k3 = f(at(p, k2, h / 2));
      const k4 = f(at(p, k3, h));
      const next = p.map((v, x) => v + (h / 6) * (k1[x] + 2 * k2[x] + 2 * k3[x] + k4[x]));
      // Too large a step overshoots: a mass goes negative, which is the scheme failing, not the input.
      const bad = next.findIndex((v) => !(v >= 0));
      if (bad >= 0)
        throw new NumericalError(
          `the mass at node ${bad} became ${next[bad].toPrecision(3)}: the explicit step overshot`,
          advice(h),
        );
      return {
        step: state.step + 1,
        t: state.t + h,
        measure: { ...state.measure, weights: next },
        p: next,
      };
    },
    energy: (state, problem) => termOf(problem).scale * relativeEntropy(state.p),
    divergenceAdvice: advice,
  }),
});

function advice(h: number): string {
  return `RK4 on the graph is explicit: dt·(largest rate) must stay below ~2.7; try dt ≤ ${(h / 4).toPrecision(2)}`;
}

export const graphEntropyFlow = () => graphEntropyFlowEntry.create({});
