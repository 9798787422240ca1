/**
 * Forward Euler on particles for energies with an internal part (seed 000):
 *   x ← T(x) = x − dt·∇δF/δρ(x),  ∇δF/δρ = ∇V + ∇W∗ρ + U''(ρ)ρ·∇log ρ.
 * The score ∇log ρ comes from one of two sources:
 *  - "lagrangian" (1D): the particles are the quantile mesh of ρ0 and carry equal mass, so
 *    ρ at particle i is exactly (2/N)/(x_{i+1} − x_{i−1}) for the pushed mesh and its log
 *    differentiates along the mesh. T' ≤ 0 ⇔ the mesh loses its order: a fold is detected
 *    exactly, and the run ends `unstable` with where it folded and how much mass is beyond.
 *  - "kde": the score of a Gaussian kernel density estimate (any d); folds are checked by
 *    det ∇T ≤ 0 at the particles, ∇T from central differences of T (2d extra field
 *    evaluations per particle; `foldCheck: false` skips them).
 */
import { ConfigError } from "../core/errors.js";
import { kdeScore, resolveBandwidth } from "../energies/score.js";
import type { Energy, InternalTerm } from "../energies/types.js";
import { transportVelocity, transportVelocityAt } from "../energies/velocity.js";
import { internalDiffusivity } from "../energies/internal.js";
import { toQuantile1d } from "../measures/convert.js";
import type { Particles } from "../measures/types.js";
import { dimensionOf } from "../measures/types.js";
import { type ParticleState, advance, initialParticles } from "./particleState.js";
import type { Scheme } from "./types.js";

export interface ForwardEulerOptions {
  dt: number;
  /** Particles (quantile levels in the Lagrangian mode). */
  n?: number;
  /** Where ∇log ρ comes from (default: "lagrangian" in 1D, "kde" otherwise). */
  score?: "lagrangian" | "kde";
  /** KDE bandwidth (default "silverman"). */
  bandwidth?: number | "silverman";
  /** Check det ∇T > 0 in the KDE mode (default true). */
  foldCheck?: boolean;
}

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
function kdeField(energy: Energy, p: Particles, h: number) {
  const { n, d, x, weights } = p;
  const internals = energy.terms.filter((t): t is InternalTerm => t.type === "internal");
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

export function forwardEuler(options: ForwardEulerOptions): Scheme<ParticleState> {
  const { dt, n = 1000, bandwidth = "silverman", foldCheck = true } = options;
  if (!(dt > 0) || !Number.isFinite(dt))
    throw new ConfigError(`forward-euler: dt must be > 0, got ${dt}`);
  if (typeof bandwidth === "number" && !(bandwidth > 0))
    throw new ConfigError(
      `forward-euler: the KDE bandwidth must be > 0, got ${bandwidth}`,
      'use a positive width or "silverman"',
    );
  const modeFor = (d: number) => options.score ?? (d === 1 ? "lagrangian" : "kde");
  const advice = (phi2: number) =>
    `forward Euler keeps T' > 0 only while dt·max ∂²δF/δρ < 1${phi2 > 0 ? ` (here dt < ${(1 / phi2).toPrecision(3)})` : ""}; ` +
    "use a smaller dt, or an implicit scheme (jko-quantile-1d in 1D, a grid solver in 2D)";
  return {
    name: "forward-euler",
    dt,
    stochastic: false,
    unsupported(problem) {
      const d = dimensionOf(problem.initial);
      if (modeFor(d) === "lagrangian" && d !== 1)
        return `the Lagrangian score is 1D; this problem is ${d}D (use score: "kde")`;
      return undefined;
    },
    init(problem, k) {
      const d = dimensionOf(problem.initial);
      if (modeFor(d) === "kde") return initialParticles(problem, n, k);
      if (!Number.isInteger(n) || n < 3)
        throw new ConfigError(`forward-euler: the quantile mesh needs n ≥ 3, got ${n}`);
      const q = toQuantile1d(problem.initial, n).values;
      for (let i = 1; i < n; i++)
        if (!(q[i] > q[i - 1]))
          throw new ConfigError(
            "forward-euler: the initial measure has an atom (repeated quantiles), so it has no density",
            'start from a density, or use score: "kde"',
          );
      return { step: 0, t: 0, measure: { kind: "particles", n, d: 1, x: Float64Array.from(q) } };
    },
    step(state, { problem, dt: h }) {
      const p = state.measure;
      const internals = problem.energy.terms.filter(
        (t): t is InternalTerm => t.type === "internal",
      );
      if (modeFor(p.d) === "lagrangian") {
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
      const field = kdeField(problem.energy, p, bw);
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

/** det of a small d×d matrix by Gaussian elimination with partial pivoting (overwrites a). */
function determinant(a: Float64Array, d: number): number {
  let det = 1;
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r * d + c]) > Math.abs(a[p * d + c])) p = r;
    if (a[p * d + c] === 0) return 0;
    if (p !== c) {
      for (let k = 0; k < d; k++) [a[c * d + k], a[p * d + k]] = [a[p * d + k], a[c * d + k]];
      det = -det;
    }
    det *= a[c * d + c];
    for (let r = c + 1; r < d; r++) {
      const f = a[r * d + c] / a[c * d + c];
      for (let k = c; k < d; k++) a[r * d + k] -= f * a[c * d + k];
    }
  }
  return det;
}
