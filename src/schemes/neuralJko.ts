/**
 * The neural variational JKO (seed 001) as a scheme: each step trains a residual map T and a
 * dual h (src/neural/klJkoStep.ts) and pushes the particle pool once. F = ∫V dρ + σ∫ρ log ρ
 * is handled as σ·KL(ρ‖e^{−V/σ}), i.e. step aσ on KL with V/σ; F = ∫V dρ + κ∫ρ^m/(m−1) by
 * the porous-medium dual against a uniform reference. With interactions and an internal
 * part the step is forward–backward: explicit Euler for potential + interaction, then the JKO
 * step for the internal part; without an internal part the interaction is evaluated on the
 * samples inside the JKO step itself (no dual). T is warm-started from the
 * previous step's map and h from the previous dual; both networks' weights travel in the
 * state, so a checkpointed run resumes with them.
 */
import { ConfigError } from "../core/errors.js";
import { scale } from "../energies/combine.js";
import { entropyCoefficient } from "../energies/types.js";
import type { Energy } from "../energies/types.js";
import { interactionJkoStep, klJkoStep, porousJkoStep } from "../neural/klJkoStep.js";
import { transportVelocity } from "../energies/velocity.js";
import { Mlp } from "../nn/mlp.js";
import { type Key, foldIn, key as makeKey } from "../random/key.js";
import { type ParticleState, initialParticles } from "./particleState.js";
import { invertMap, invertMapStochastic } from "../neural/density.js";
import { uniform01 } from "../random/sample.js";
import type { Gaussian } from "../measures/types.js";
import { gaussianLogPdf } from "../measures/density.js";
import type { Scheme } from "./types.js";

export interface NeuralJkoOptions {
  /** JKO step a. */
  dt: number;
  /** Particle pool. */
  n?: number;
  /** Hidden layers of T (0: T(x) = x + Wx + c, the paper's linear residual map for OU). */
  mapDepth?: number;
  /** Width and depth of T's hidden layers and of the dual h. */
  width?: number;
  dualDepth?: number;
  outer?: number;
  inner?: number;
  batch?: number;
  lr?: number;
  /** Kernel precision of both networks (default float32, as the peer; float64 for checks). */
  precision?: "f32" | "f64";
}

export interface NeuralJkoState extends ParticleState {
  /** T's and h's parameters (weights, biases, slopes), flattened. */
  readonly weights: Float64Array;
  /**
   * Each step's map T_j (its parameters), so that densities can be evaluated (logDensity);
   * null for a step that was not a pure push-forward (the forward–backward splitting's
   * explicit step depends on the measure).
   */
  readonly maps: readonly (Float64Array | null)[];
}

/** The neural JKO scheme, with density evaluation of its iterates. */
export interface NeuralJkoScheme extends Scheme<NeuralJkoState> {
  /**
   * log ρ_k at `points` (N×d) for the state after k steps, from the initial Gaussian by the
   * change of variables through the inverted maps (neural/density.ts).
   */
  logDensity(state: NeuralJkoState, initial: Gaussian, points: Float64Array): Float64Array;
  /**
   * The same by forward/backward passes only, for large d: fixed-point inversion and a
   * Hutchinson estimate of each log-det (neural/density.ts), with its standard error.
   */
  logDensityEstimate(
    state: NeuralJkoState,
    initial: Gaussian,
    points: Float64Array,
    options: { probes?: number; terms?: number; key: Key },
  ): { value: Float64Array; stderr: Float64Array };
}

function parameters(nets: Mlp[]): Float64Array {
  const parts: number[] = [];
  for (const net of nets) for (const L of net.layers) parts.push(...L.w.data, ...L.b.data, L.slope);
  return Float64Array.from(parts);
}

function load(nets: Mlp[], weights: Float64Array): void {
  let k = 0;
  for (const net of nets)
    for (const L of net.layers) {
      const w = L.w.data;
      w.set(weights.subarray(k, k + w.length));
      k += w.length;
      const b = L.b.data;
      b.set(weights.subarray(k, k + b.length));
      k += b.length;
      L.slope = weights[k++];
    }
}

export function neuralJko(options: NeuralJkoOptions): NeuralJkoScheme {
  const {
    dt,
    n = 4000,
    mapDepth = 0,
    width = 64,
    dualDepth = 3,
    outer = 500,
    inner = 3,
    batch = 1000,
    lr = 0.005,
    precision = "f32",
  } = options;
  if (!(dt > 0)) throw new ConfigError(`neural-jko: the JKO step must be > 0, got ${dt}`);
  if (batch > n) throw new ConfigError(`neural-jko: batch ${batch} exceeds the pool of ${n}`);
  let nets: { T: Mlp; h: Mlp; d: number } | undefined;
  const networks = (d: number) => {
    if (!nets || nets.d !== d) {
      const T = new Mlp(d, d, width, mapDepth, true, makeKey(1), precision);
      // T starts at the identity: its last layer is zero
      const last = T.layers[T.layers.length - 1];
      last.w.data.fill(0);
      last.b.data.fill(0);
      nets = { T, h: new Mlp(d, 1, width, dualDepth, false, makeKey(2), precision), d };
    }
    return nets;
  };
  const tolerance = precision === "f64" ? 1e-12 : 2e-5;
  /**
   * Walks the points back through the maps T_k … T_1 with `invert` (which also returns each
   * map's log-det at the preimage), restoring T's current weights afterwards.
   */
  const backThroughMaps = (
    state: NeuralJkoState,
    initial: Gaussian,
    points: Float64Array,
    invert: (
      T: Mlp,
      y: Float64Array,
      batch: number,
      step: number,
    ) => { x: Float64Array; logDet: Float64Array },
  ): { x: Float64Array; logJacobian: Float64Array } => {
    const d = initial.d;
    if (points.length % d !== 0) throw new ConfigError(`points are not ${d}-dimensional`);
    const batch = points.length / d;
    const { T } = networks(d);
    const saved = parameters([T]);
    let x: Float64Array = Float64Array.from(points);
    const logJacobian = new Float64Array(batch);
    try {
      for (let j = state.maps.length - 1; j >= 0; j--) {
        const map = state.maps[j];
        if (!map)
          throw new ConfigError(
            `step ${j + 1} was a forward–backward step: its explicit part depends on the measure, so no density follows`,
          );
        load([T], map);
        const inverse = invert(T, x, batch, j);
        x = inverse.x;
        for (let i = 0; i < batch; i++) logJacobian[i] += inverse.logDet[i];
      }
    } finally {
      load([T], saved);
    }
    return { x, logJacobian };
  };
  const klPart = (energy: Energy): { sigma: number; potential: Energy } => {
    const sigma = entropyCoefficient(energy);
    return {
      sigma,
      potential: scale({ terms: energy.terms.filter((t) => t.type === "potential") }, 1 / sigma),
    };
  };
  return {
    name: "neural-jko",
    dt,
    stochastic: true, // trained on random batches: F decreases only up to the training noise
    unsupported(problem) {
      const internals = problem.energy.terms.filter((t) => t.type === "internal");
      if (internals.length === 1 && internals[0].name === "porous") return undefined;
      // no internal part: the interaction is evaluated on the samples inside the JKO step
      if (!internals.length && problem.energy.terms.some((t) => t.type === "interaction"))
        return undefined;
      if (internals.some((t) => t.name !== "entropy"))
        return "one internal term: the entropy, or a single porous medium";
      if (!(entropyCoefficient(problem.energy) > 0))
        return "the JKO part needs an internal term (the entropy or a porous medium)";
      return undefined;
    },
    init(problem, k) {
      const base = initialParticles(problem, n, k);
      const { T, h } = networks(base.measure.d);
      return { ...base, weights: parameters([T, h]), maps: [] };
    },
    step(state, { problem, dt: a, key }) {
      const d = state.measure.d;
      const { T, h } = networks(d);
      load([T, h], state.weights);
      const porous = problem.energy.terms.some((t) => t.type === "internal" && t.name === "porous");
      // Forward–backward with interactions: one explicit Euler step for the potential and the
      // interaction, then the JKO step for the internal part alone.
      const hasInternal = problem.energy.terms.some((t) => t.type === "internal");
      if (!hasInternal) {
        const { pool } = interactionJkoStep(
          state.measure,
          problem.energy,
          T,
          { step: a, outer, inner, batch, lr },
          foldIn(key, 0),
        );
        return {
          step: state.step + 1,
          t: state.t + a,
          measure: pool,
          weights: parameters([T, h]),
          maps: [...state.maps, parameters([T])],
        };
      }
      const splitting = problem.energy.terms.some((t) => t.type === "interaction");
      let start = state.measure;
      let jkoEnergy = problem.energy;
      if (splitting) {
        const v = transportVelocity(
          { terms: problem.energy.terms.filter((t) => t.type !== "internal") },
          start,
        );
        start = { ...start, x: Float64Array.from(start.x, (xi, i) => xi + a * v[i]) };
        jkoEnergy = { terms: problem.energy.terms.filter((t) => t.type === "internal") };
      }
      let pool;
      if (porous)
        ({ pool } = porousJkoStep(
          start,
          jkoEnergy,
          T,
          h,
          { step: a, outer, inner, batch, lr },
          foldIn(key, 0),
        ));
      else {
        const { sigma, potential } = klPart(jkoEnergy);
        ({ pool } = klJkoStep(
          start,
          potential,
          T,
          h,
          { step: a * sigma, outer, inner, batch, lr },
          foldIn(key, 0),
        ));
      }
      return {
        step: state.step + 1,
        t: state.t + a,
        measure: pool,
        weights: parameters([T, h]),
        maps: [...state.maps, splitting ? null : parameters([T])],
      };
    },
    logDensity(state, initial, points) {
      const { x, logJacobian } = backThroughMaps(state, initial, points, (T, y, batch) => {
        const inverse = invertMap(T, y, batch, tolerance);
        return { x: inverse.x, logDet: inverse.logDet };
      });
      const base = gaussianLogPdf(initial, x);
      return Float64Array.from(base, (v, i) => v - logJacobian[i]);
    },
    logDensityEstimate(state, initial, points, { probes = 16, terms = 12, key: k }) {
      let variance: Float64Array | undefined;
      const { x, logJacobian } = backThroughMaps(state, initial, points, (T, y, batch, j) => {
        let draw = 0;
        const signs = (count: number) =>
          Float64Array.from(uniform01(foldIn(foldIn(k, j), draw++), count), (u) =>
            u < 0.5 ? -1 : 1,
          );
        const step = invertMapStochastic(T, y, batch, tolerance, probes, terms, signs);
        variance ??= new Float64Array(batch);
        for (let i = 0; i < batch; i++) variance[i] += step.stderr[i] ** 2;
        return { x: step.x, logDet: step.logDet };
      });
      const base = gaussianLogPdf(initial, x);
      return {
        value: Float64Array.from(base, (v, i) => v - logJacobian[i]),
        stderr: (variance ?? new Float64Array(logJacobian.length)).map(Math.sqrt),
      };
    },
    divergenceAdvice: () =>
      "the neural JKO step diverged: use a smaller step, a smaller learning rate, or more inner steps",
  };
}
