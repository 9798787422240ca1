/**
 * The neural variational JKO (seed 001) as a scheme: each step trains a map T (residual MLP
 * or ∇ICNN) and a dual h (src/neural/klJkoStep.ts) and pushes the particle pool once.
 * F = ∫V dρ + σ∫ρ log ρ is handled as σ·KL(ρ‖e^{−V/σ}), i.e. step aσ on KL with V/σ;
 * F = ∫V dρ + κ∫ρ^m/(m−1) by the porous-medium dual against a uniform reference. With
 * interactions and an internal part the step is forward–backward: explicit Euler for
 * potential + interaction, then the JKO step for the internal part; without an internal part
 * the interaction is evaluated on the samples inside the JKO step itself (no dual). T is
 * warm-started from the previous step's map and h from the previous dual; both networks'
 * weights travel in the state, so a checkpointed run resumes with them.
 */
import { ConfigError, NumericalError } from "../core/errors.js";
import { scale } from "../energies/combine.js";
import { entropyCoefficient } from "../energies/types.js";
import type { Energy } from "../energies/types.js";
import { interactionJkoStep, klJkoStep, porousJkoStep } from "../neural/klJkoStep.js";
import { transportVelocity } from "../energies/velocity.js";
import { GradientIcnn } from "../nn/icnn.js";
import { Mlp } from "../nn/mlp.js";
import { type Net, flatParameters, loadParameters } from "../nn/net.js";
import { type Key, foldIn, key as makeKey } from "../random/key.js";
import { type ParticleState, initialParticles } from "./particleState.js";
import { invertMap, invertMapStochastic } from "../neural/density.js";
import { uniform01 } from "../random/sample.js";
import type { Gaussian, Particles } from "../measures/types.js";
import { gaussianLogPdf } from "../measures/density.js";
import type { Problem, Scheme } from "./types.js";

/** Retries of a diverged step, each at half the previous learning rate. */
const MAX_RETRIES = 2;

export interface NeuralJkoOptions {
  /** JKO step a. */
  dt: number;
  /** Particle pool. */
  n?: number;
  /**
   * The map's family: a residual MLP T(x) = x + MLP(x) (the paper's), or the gradient of an
   * input-convex network, T = ∇ψ (a Brenier map: invertible with a symmetric Jacobian by
   * construction; src/nn/icnn.ts).
   */
  map?: "residual" | "icnn";
  /**
   * Hidden layers of T (0: the affine map — T(x) = x + Wx + c for the residual family, the
   * paper's linear map for OU; T(x) = (αI + BᵀB)x + c for the ICNN family).
   */
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
  /** Steps retried so far at a halved learning rate (their training had diverged). */
  readonly retries?: number;
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

export function neuralJko(options: NeuralJkoOptions): NeuralJkoScheme {
  const {
    dt,
    n = 4000,
    map = "residual",
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
  let nets: { T: Net; h: Mlp; d: number } | undefined;
  const mapNetwork = (d: number): Net => {
    if (map === "icnn") return new GradientIcnn(d, width, mapDepth, makeKey(1), 0.05, precision);
    const T = new Mlp(d, d, width, mapDepth, true, makeKey(1), precision);
    // T starts at the identity: its last layer is zero
    const last = T.layers[T.layers.length - 1];
    last.w.data.fill(0);
    last.b.data.fill(0);
    return T;
  };
  const networks = (d: number) => {
    if (!nets || nets.d !== d)
      nets = {
        T: mapNetwork(d),
        h: new Mlp(d, 1, width, dualDepth, false, makeKey(2), precision),
        d,
      };
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
      T: Net,
      y: Float64Array,
      batch: number,
      step: number,
    ) => { x: Float64Array; logDet: Float64Array },
  ): { x: Float64Array; logJacobian: Float64Array } => {
    const d = initial.d;
    if (points.length % d !== 0) throw new ConfigError(`points are not ${d}-dimensional`);
    const batch = points.length / d;
    const { T } = networks(d);
    const saved = flatParameters([T]);
    let x: Float64Array = Float64Array.from(points);
    const logJacobian = new Float64Array(batch);
    try {
      for (let j = state.maps.length - 1; j >= 0; j--) {
        const map = state.maps[j];
        if (!map)
          throw new ConfigError(
            `step ${j + 1} was a forward–backward step: its explicit part depends on the measure, so no density follows`,
          );
        loadParameters([T], map);
        const inverse = invert(T, x, batch, j);
        x = inverse.x;
        for (let i = 0; i < batch; i++) logJacobian[i] += inverse.logDet[i];
      }
    } finally {
      loadParameters([T], saved);
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
  /** One JKO step at learning rate `rate`, from the networks as loaded. */
  const train = (
    state: NeuralJkoState,
    problem: Problem,
    a: number,
    key: Key,
    rate: number,
  ): Omit<NeuralJkoState, "retries"> => {
    const d = state.measure.d;
    const { T, h } = networks(d);
    const options = { step: a, outer, inner, batch, lr: rate };
    const porous = problem.energy.terms.some((t) => t.type === "internal" && t.name === "porous");
    const advanced = (pool: Particles, map: Float64Array | null) => ({
      step: state.step + 1,
      t: state.t + a,
      measure: pool,
      weights: flatParameters([T, h]),
      maps: [...state.maps, map],
    });
    // Without an internal part the interaction is evaluated on the samples in the step.
    if (!problem.energy.terms.some((t) => t.type === "internal")) {
      const { pool } = interactionJkoStep(
        state.measure,
        problem.energy,
        T,
        options,
        foldIn(key, 0),
      );
      return advanced(pool, flatParameters([T]));
    }
    // Forward–backward with interactions: one explicit Euler step for the potential and the
    // interaction, then the JKO step for the internal part alone.
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
    if (porous) ({ pool } = porousJkoStep(start, jkoEnergy, T, h, options, foldIn(key, 0)));
    else {
      const { sigma, potential } = klPart(jkoEnergy);
      ({ pool } = klJkoStep(
        start,
        potential,
        T,
        h,
        { ...options, step: a * sigma },
        foldIn(key, 0),
      ));
    }
    return advanced(pool, splitting ? null : flatParameters([T]));
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
      return { ...base, weights: flatParameters([T, h]), maps: [], retries: 0 };
    },
    step(state, { problem, dt: a, key }) {
      const d = state.measure.d;
      const { T, h } = networks(d);
      // A training that diverges (NaN, or a collapsed dual) is retried from the step's start
      // with the learning rate halved, twice; then the run ends unstable with advice.
      for (let attempt = 0; ; attempt++) {
        loadParameters([T, h], state.weights);
        try {
          const next = train(state, problem, a, key, lr / 2 ** attempt);
          return { ...next, retries: (state.retries ?? 0) + attempt };
        } catch (e) {
          if (!(e instanceof NumericalError) || attempt === MAX_RETRIES) throw e;
        }
      }
    },
    logDensity(state, initial, points) {
      const { x, logJacobian } = backThroughMaps(state, initial, points, (T, y, batch) =>
        invertMap(T, y, batch, tolerance),
      );
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
    events: (state) => ({ "steps retried at a smaller learning rate": state.retries ?? 0 }),
    divergenceAdvice: () =>
      "the neural JKO step diverged: use a smaller step, a smaller learning rate, or more inner steps",
  };
}
