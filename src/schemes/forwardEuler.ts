/**
 * Forward Euler on particles for energies with an internal part (seed 000):
 *   x ← T(x) = x − dt·∇δF/δρ(x),  ∇δF/δρ = ∇V + ∇W∗ρ + U''(ρ)ρ·∇log ρ.
 * The score ∇log ρ comes from one of two sources:
 *  - "lagrangian" (1D): the particles are the quantile mesh of ρ0 and carry equal mass, so
 *    ρ at particle i is exactly (2/N)/(x_{i+1} − x_{i−1}) for the pushed mesh and its log
 *    differentiates along the mesh. T' ≤ 0 ⇔ the mesh loses its order: a fold is detected
 *    exactly, and the run ends `unstable` with where it folded and how much mass is beyond.
 *  - "kde" (the default): the score of a Gaussian kernel density estimate (any d); folds are checked by
 *    det ∇T ≤ 0 at the particles, ∇T from central differences of T (2d extra field
 *    evaluations per particle; `foldCheck: false` skips them).
 */
import { z } from "zod";
import { ConfigError } from "../core/errors.js";
import { determinant } from "../core/lu.js";
import { kdeScore, resolveBandwidth } from "../energies/score.js";
import type { Energy, InternalTerm } from "../energies/types.js";
import { transportVelocity, transportVelocityAt } from "../energies/velocity.js";
import { internalDiffusivity } from "../energies/internal.js";
import { toQuantile1d } from "../measures/convert.js";
import type { Particles } from "../measures/types.js";
import { dimensionOf } from "../measures/types.js";
import { defineScheme } from "./entry.js";
import { type ParticleState, advance, initialParticles, particleParams } from "./particleState.js";
import { type Supports, anyMeasure } from "./support.js";
import type { Scheme } from "./types.js";

const params = z
  .object({
    ...particleParams(1000),
    score: z
      .enum(["kde", "lagrangian"])
      .default("kde")
      .describe("where ∇log ρ comes from: a KDE (any d), or the 1D quantile mesh (exact folds)"),
    bandwidth: z
      .union([z.literal("silverman"), z.number().positive()])
      .default("silverman")
      .describe("KDE width"),
    foldCheck: z.boolean().default(true).describe("KDE mode: check det ∇T > 0 at the particles"),
  })
  .strict();
export type ForwardEulerOptions = z.input<typeof params>;

/** Density and score of the pushed quantile mesh (equal masses 1/N, sorted positions). */
export function lagrangianScore(x: Float64Array): { density: Float64Array; score: Float64Array } {
  const n = x.length;
  const density = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lo = i === 0 ? x[0] : x[i - 1];
    const hi = i === n - 1 ? x[n - 1] : x[i + 1];
    const cells = (i === 0 ? 0 : 1) + (i === n - 1 ? 0 : 1);
    density[i] = cells / n / (hi - lo);
  }
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - 1);
    const b = Math.min(n - 1, i + 1);
    score[i] = (Math.log(density[b]) - Math.log(density[a])) / (x[b] - x[a]);
  }
  return { density, score };
}

/** The velocity field −∇δF/δρ at arbitrary points, for particles p with a KDE density. */
function kdeField(energy: Energy, internals: readonly InternalTerm[], p: Particles, h: number) {
  const { n, d, x, weights } = p;
  const acc = new Float64Array(d);
  const norm = (2 * Math.PI * h * h) ** (-d / 2);
  return (y: Float64Array, out: Float64Array): void => {
    transportVelocityAt(energy, p, y, out);
    acc.fill(0);
    let sum = 0;
    for (let j = 0; j < n; j++) {
      let r2 = 0;
      for (let a = 0; a < d; a++) r2 += (y[a] - x[j * d + a]) ** 2;
      const k = (weights ? weights[j] : 1 / n) * Math.exp(-r2 / (2 * h * h));
      sum += k;
      for (let a = 0; a < d; a++) acc[a] += k * (x[j * d + a] - y[a]);
    }
    const factor = internalDiffusivity(internals, sum * norm);
    for (let a = 0; a < d; a++) out[a] -= (factor * acc[a]) / (sum * h * h);
  };
}

/** Runs of consecutive pairs whose order T reversed, as [first, last] pair indices. */
function foldedRuns(next: Float64Array): [number, number][] {
  const runs: [number, number][] = [];
  for (let i = 0; i + 1 < next.length; i++) {
    if (next[i + 1] > next[i]) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

function makeForwardEuler(options: z.infer<typeof params>): Scheme<ParticleState> {
  const { n, bandwidth, foldCheck } = options;
  const lagrangian = options.score === "lagrangian";
  const advice = (phi2: number) =>
    `forward Euler keeps T' > 0 only while dt·max ∂²δF/δρ < 1${phi2 > 0 ? ` (here dt < ${(1 / phi2).toPrecision(3)})` : ""}; ` +
    "use a smaller dt, or an implicit scheme (jko-quantile-1d in 1D, a grid solver in 2D)";
  return {
    name: "forward-euler",
    stochastic: false,
    supports: {
      ...supports,
      check: (problem) =>
        lagrangian && dimensionOf(problem.initial) !== 1
          ? `the Lagrangian score is 1D; this problem is ${dimensionOf(problem.initial)}D (use score "kde")`
          : undefined,
    },
    init(problem, k) {
      if (!lagrangian) return initialParticles(problem, n, k, options.start);
      // Given unweighted particles are the mesh themselves (equal masses), sorted.
      const given = problem.initial.kind === "particles" && !problem.initial.weights;
      const count = given ? (problem.initial as Particles).n : n;
      if (!Number.isInteger(count) || count < 3)
        throw new ConfigError(`forward-euler: the quantile mesh needs n ≥ 3, got ${count}`);
      const q = given
        ? Float64Array.from((problem.initial as Particles).x).sort()
        : toQuantile1d(problem.initial, count).values;
      for (let i = 1; i < count; i++)
        if (!(q[i] > q[i - 1]))
          throw new ConfigError(
            "forward-euler: the initial measure has an atom (repeated quantiles), so it has no density",
            'start from a density, or use score: "kde"',
          );
      return {
        step: 0,
        t: 0,
        measure: { kind: "particles", n: count, d: 1, x: Float64Array.from(q) },
      };
    },
    step(state, { problem, parts, dt: h }) {
      const p = state.measure;
      const { internals } = parts;
      if (lagrangian) {
        const v = transportVelocity(problem.energy, p);
        const { density, score } = lagrangianScore(p.x);
        const x = new Float64Array(p.n);
        for (let i = 0; i < p.n; i++)
          x[i] = p.x[i] + h * (v[i] - internalDiffusivity(internals, density[i]) * score[i]);
        const next = advance(state, x, h);
        const runs = foldedRuns(x);
        if (!runs.length) return next;
        let phi2 = 0;
        for (let i = 0; i + 1 < p.n; i++)
          phi2 = Math.max(phi2, (1 - (x[i + 1] - x[i]) / (p.x[i + 1] - p.x[i])) / h);
        const folded = runs.reduce((s, [a, b]) => s + b - a + 2, 0);
        // The mesh score is a second difference of positions: FE on it is a parabolic scheme,
        // stable over many steps only below ~Δx²/(2D), D the largest U''(ρ)ρ on the mesh.
        let spacing = Infinity;
        let diffusion = 0;
        for (let i = 0; i + 1 < p.n; i++) spacing = Math.min(spacing, p.x[i + 1] - p.x[i]);
        for (let i = 0; i < p.n; i++)
          diffusion = Math.max(diffusion, internalDiffusivity(internals, density[i]));
        const where = runs
          .slice(0, 4)
          .map(([a, b]) => `[${p.x[a].toPrecision(4)}, ${p.x[b + 1].toPrecision(4)}]`)
          .join(", ");
        return {
          ...next,
          halt:
            `forward Euler folded the map: T' ≤ 0 for x in ${where}${runs.length > 4 ? ", …" : ""}, ` +
            `${((100 * Math.min(folded, p.n)) / p.n).toPrecision(3)}% of the mass; the pushed density blows up at the fold images ` +
            `and has no score there, so no further step is defined. ${advice(phi2)}` +
            (diffusion > 0
              ? `; over many steps the mesh score also needs dt ≲ Δx²/(2D) = ${((spacing * spacing) / (2 * diffusion)).toPrecision(2)}`
              : ""),
        };
      }
      const bw = resolveBandwidth(p, bandwidth);
      const { n: count, d } = p;
      const v = transportVelocity(problem.energy, p);
      if (internals.length) {
        const { score, density } = kdeScore(p, bw);
        for (let i = 0; i < count; i++) {
          const f = internalDiffusivity(internals, density[i]);
          for (let a = 0; a < d; a++) v[i * d + a] -= f * score[i * d + a];
        }
      }
      const x = new Float64Array(count * d);
      for (let i = 0; i < x.length; i++) x[i] = p.x[i] + h * v[i];
      const next = advance(state, x, h);
      if (!foldCheck) return next;
      // det ∇T at each particle from central differences of T(y) = y + h·v(y), δ = bw/100.
      const field = kdeField(problem.energy, internals, p, bw);
      const delta = bw / 100;
      const y = new Float64Array(d);
      const plus = new Float64Array(d);
      const minus = new Float64Array(d);
      const jac = new Float64Array(d * d);
      let bad = 0;
      let first = -1;
      for (let i = 0; i < count; i++) {
        for (let b = 0; b < d; b++) {
          for (let a = 0; a < d; a++) y[a] = p.x[i * d + a];
          y[b] += delta;
          field(y, plus);
          y[b] -= 2 * delta;
          field(y, minus);
          for (let a = 0; a < d; a++)
            jac[a * d + b] = (a === b ? 1 : 0) + (h * (plus[a] - minus[a])) / (2 * delta);
        }
        if (determinant(jac, d) <= 0) {
          bad++;
          if (first < 0) first = i;
        }
      }
      if (!bad) return next;
      const at = Array.from(p.x.subarray(first * d, first * d + d), (c) => c.toPrecision(3)).join(
        ", ",
      );
      return {
        ...next,
        halt:
          `forward Euler folded the map: det ∇T ≤ 0 at ${bad} of ${count} particles (first at (${at})), ` +
          `${((100 * bad) / count).toPrecision(3)}% of the mass. ${advice(0)}`,
      };
    },
    divergenceAdvice: () => advice(0),
  };
}

const supports: Supports = {
  terms: ["potential", "interaction", "singular-interaction", "entropy", "porous"],
  measures: anyMeasure,
  how: { entropy: "score of the 1D mesh or a KDE", porous: "score of the 1D mesh or a KDE" },
  note: 'the Lagrangian score (score "lagrangian") is 1D',
};

export const forwardEulerEntry = defineScheme({
  name: "forward-euler",
  summary:
    "Forward Euler on particles with the score from the 1D quantile mesh or a KDE; stops where the map folds",
  family: "particle",
  params,
  supports,
  make: makeForwardEuler,
});

export const forwardEuler = (o: ForwardEulerOptions = {}) => forwardEulerEntry.create(o);
