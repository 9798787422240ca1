/**
 * An energy's terms decoded once: what schemes read (the potentials, interactions, internal
 * terms, the entropy's coefficient, a problem term) and the set of term kinds that a scheme's
 * declared support is checked against. Cached per energy object, so every caller shares one
 * decoding.
 */
import { ConfigError } from "../core/errors.js";
import type {
  Energy,
  EnergyTerm,
  InteractionTerm,
  InternalTerm,
  PotentialTerm,
  ProblemTerm,
} from "./types.js";

/** The structure a scheme declares it supports, one kind per distinct way a term is computed. */
export const termKinds = [
  "potential",
  "interaction",
  "singular-interaction",
  "entropy",
  "porous",
  "discrepancy",
  "f-divergence",
  "network-risk",
  "graph-entropy",
  "game",
] as const;
export type TermKind = (typeof termKinds)[number];

/** What each kind means, for help texts and the support table. */
export const termKindMeaning: Record<TermKind, string> = {
  potential: "∫V dρ",
  interaction: "½∬W dρdρ, W smooth at 0",
  "singular-interaction": "½∬W dρdρ, W singular at 0 (log, Coulomb)",
  entropy: "σ∫ρ log ρ",
  porous: "κ∫ρ^m/(m−1)",
  discrepancy: "a discrepancy to target samples (OT, MMD, Sinkhorn, drifting)",
  "f-divergence": "an f-divergence to a 1D density",
  "network-risk": "a two-layer ReLU network's risk",
  "graph-entropy": "the relative entropy on a graph",
  game: "a mean-field game's costs",
};

export interface EnergyParts {
  readonly potentials: readonly PotentialTerm[];
  readonly interactions: readonly InteractionTerm[];
  readonly internals: readonly InternalTerm[];
  /** σ in σ∫ρ log ρ: the sum of the entropy terms' scales (0 without one). */
  readonly entropy: number;
  /** The one problem term, when the energy is one. */
  readonly problem?: ProblemTerm;
  readonly kinds: ReadonlySet<TermKind>;
  /** The dimension the potentials fix, when one does. */
  readonly dim?: number;
}

export function termKind(t: EnergyTerm): TermKind {
  if (t.type === "interaction")
    return t.kernel.singularAtZero ? "singular-interaction" : "interaction";
  if (t.type === "internal") return t.name === "entropy" ? "entropy" : "porous";
  return t.type;
}

const cache = new WeakMap<Energy, EnergyParts>();

export function energyParts(f: Energy): EnergyParts {
  const hit = cache.get(f);
  if (hit) return hit;
  const potentials: PotentialTerm[] = [];
  const interactions: InteractionTerm[] = [];
  const internals: InternalTerm[] = [];
  const problems: ProblemTerm[] = [];
  const kinds = new Set<TermKind>();
  let entropy = 0;
  let dim: number | undefined;
  for (const t of f.terms) {
    kinds.add(termKind(t));
    if (t.type === "potential") {
      potentials.push(t);
      if (t.dim !== undefined) {
        if (dim !== undefined && dim !== t.dim)
          throw new ConfigError(
            `the potentials disagree in dimension (${dim} and ${t.dim})`,
            "build every potential of one energy in the same dimension",
          );
        dim = t.dim;
      }
    } else if (t.type === "interaction") interactions.push(t);
    else if (t.type === "internal") {
      internals.push(t);
      if (t.name === "entropy") entropy += t.scale;
    } else problems.push(t);
  }
  if (problems.length > 1 || (problems.length === 1 && f.terms.length > 1))
    throw new ConfigError(
      `a ${problems[0].type} term is a whole problem and cannot be added to other terms`,
      "use it alone as the energy",
    );
  const parts: EnergyParts = {
    potentials,
    interactions,
    internals,
    entropy,
    problem: problems[0],
    kinds,
    dim,
  };
  cache.set(f, parts);
  return parts;
}
