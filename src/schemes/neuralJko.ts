/**
 * The neural variational JKO (seed 001) as a scheme: each step trains a map T (residual MLP
 * or ∇ICNN) and a dual h (src/neural/klJkoStep.ts) and pushes the particle pool once.
 * F = ∫V dρ + σ∫ρ log ρ is handled as σ·KL(ρ‖e^{−V/σ}), i.e. step aσ on KL with V/σ;
 * F = ∫V dρ + κ∫ρ^m/(m−1) by the porous-medium dual against a uniform reference. With
 * interactions and an internal part the step is forward–backward: explicit Euler for
 * potential + interaction, then the JKO step for the internal part; without an internal part
 * the interaction is evaluated on the samples inside the JKO step itself (no dual). T is
 * warm-started from the previous step's map and h from the previous dual. Both networks are
 * drawn from the run's key at init and live in the state as flat weights (the Net objects are
 * only workspaces they are loaded into), so checkpoints, resume and the explorer see them. A
 * training that diverges throws a retryable NumericalError: flow() retries the step, and each
 * retry halves the learning rate.
 *
 * `time: "midpoint"` is geodesic extrapolation (Legendre & Turinici; neural/extrapolate.ts):
 * the step trains the map T of a JKO step of a/2 and pushes the pool by 2T − Id, the
 * implicit midpoint rule, second order in a at the cost of one JKO solve. A step whose
 * extrapolated map is not monotone on a batch of the pool ends the run (not retryable) with a
 * step that keeps it so. It needs a pure JKO step: with the forward–backward splitting the
 * explicit half is first order, so that combination is refused.
 */
import { z } from "zod";
import { ConfigError } from "../core/errors.js";
import { scale } from "../energies/combine.js";
import type { EnergyParts } from "../energies/parts.js";
import {
  type KlJkoResult,
  type OptimizerMemory,
  interactionJkoStep,
  klJkoStep,
  porousJkoStep,
} from "../neural/klJkoStep.js";
import { transportVelocity } from "../energies/velocity.js";
import { GradientIcnn } from "../nn/icnn.js";
import { Mlp } from "../nn/mlp.js";
import { type Net, flatParameters, loadParameters } from "../nn/net.js";
import { checkThreads, onThreads } from "../nn/threads.js";
import { type Key, foldIn, key as keyOf } from "../random/key.js";
import { defineScheme } from "./entry.js";
import { type ParticleState, initialParticles, particleParams } from "./particleState.js";
import { invertMap, invertMapStochastic } from "../neural/density.js";
import { checkExtrapolation, extrapolatedMap } from "../neural/extrapolate.js";
import { energyParts } from "../energies/parts.js";
import { uniform01 } from "../random/sample.js";
import type { Gaussian } from "../measures/types.js";
import { gaussianLogPdf } from "../measures/density.js";
import { type Supports, anyMeasure } from "./support.js";
import type { Scheme } from "./types.js";

/** Retries of a diverged step, each at half the previous learning rate. */
const MAX_RETRIES = 2;

const params = z
  .object({
    ...particleParams(4000, 1_000_000),
    map: z
      .enum(["residual", "icnn"])
      .default("residual")
      .describe("map T: residual MLP x + MLP(x) (the paper's) or ∇ICNN (a Brenier map)"),
    mapDepth: z
      .number()
      .int()
      .min(0)
      .max(16)
      .default(0)
      .describe("hidden layers of T (0: the affine map)"),
    width: z.number().int().min(2).max(1024).default(64).describe("width of T's and h's layers"),
    mapWidth: z
      .number()
      .int()
      .min(2)
      .max(1024)
      .optional()
      .describe("width of T's layers when it differs from h's (seed 001's 8D mixture: 128 and 64)"),
    dualDepth: z.number().int().min(1).max(16).default(3).describe("hidden layers of the dual h"),
    outer: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(500)
      .describe("Adam iterations per step (J1)"),
    inner: z.number().int().min(1).max(100).default(3).describe("dual steps per iteration (J2)"),
    batch: z.number().int().min(2).max(100_000).default(1000).describe("batch M (≤ the pool)"),
    lr: z.number().positive().max(1).default(0.005).describe("Adam learning rate"),
    schedule: z
      .enum(["constant", "cosine"])
      .default("constant")
      .describe(
        "learning rate over a step's J1 iterations: constant, or cosine (constant for half, then down to 0: the last iterates average the gradient noise)",
      ),
    adam: z
      .enum(["fresh", "warm"])
      .default("fresh")
      .describe(
        "Adam's moments at each step: fresh (the seed's: the first updates move every weight by about the full rate) or carried over from the previous step with the networks (warm)",
      ),
    stop: z
      .enum(["cap", "plateau"])
      .default("cap")
      .describe(
        "how long a step trains: J1 iterations as the schedule says (cap), or with the cosine schedule, its held rate ended as soon as 30 iterations no longer lower the objective on a fixed batch, the decay of J1/2 iterations then following at once (plateau; J1 stays the cap)",
      ),
    precision: z.enum(["f32", "f64"]).default("f32").describe("kernel precision of both networks"),
    workers: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(1)
      .describe(
        "threads each network pass runs on (Node): the batch cut into chunks, parameter gradients added chunk by chunk, so results differ from one thread's by the order of those sums",
      ),
    time: z
      .enum(["jko", "midpoint"])
      .default("jko")
      .describe(
        "time scheme: JKO (order 1) or midpoint (a/2 JKO step, then 2T − Id: geodesic extrapolation, order 2)",
      ),
  })
  .strict();
export type NeuralJkoOptions = z.input<typeof params>;
type Settings = z.infer<typeof params>;

export interface NeuralJkoState extends ParticleState {
  /** T's and h's parameters (weights, biases, slopes), flattened. */
  readonly weights: Float64Array;
  /**
   * Each step's map T_j (its parameters), so that densities can be evaluated (logDensity);
   * null for a step that was not a pure push-forward (the forward–backward splitting's
   * explicit step depends on the measure).
   */
  readonly maps: readonly (Float64Array | null)[];
  /** Adam's memory for T and h after the last step (with `adam: "warm"`). */
  readonly optimizer?: OptimizerMemory;
  /** Outer iterations each step's training took (absent in states saved before they were kept). */
  readonly iterations?: readonly number[];
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

/** T and h for dimension d, their initial weights drawn from `key`. */
function networks(o: Settings, d: number, key: Key): { T: Net; h: Mlp } {
  const [kT, kh] = [foldIn(key, 1), foldIn(key, 2)];
  let T: Net;
  const mapWidth = o.mapWidth ?? o.width;
  if (o.map === "icnn") T = new GradientIcnn(d, mapWidth, o.mapDepth, kT, 0.05, o.precision);
  else {
    const mlp = new Mlp(d, d, mapWidth, o.mapDepth, true, kT, o.precision);
    // T starts at the identity: its last layer is zero
    const last = mlp.layers[mlp.layers.length - 1];
    last.w.data.fill(0);
    last.b.data.fill(0);
    T = mlp;
  }
  return { T, h: new Mlp(d, 1, o.width, o.dualDepth, false, kh, o.precision) };
}

const supports: Supports = {
  terms: ["potential", "interaction", "entropy", "porous"],
  measures: anyMeasure,
  how: {
    interaction:
      "on the samples inside the step, or explicit (forward–backward) with an internal term",
    entropy: "dual formula, Gaussian reference",
    porous: "dual formula, uniform reference on a box",
  },
  note: "one internal term (the entropy, σ > 0, or one porous medium), or none with an interaction",
  check(_, parts) {
    const { internals, interactions, entropy } = parts;
    if (internals.length > 1) return "it takes one internal term (the entropy or a porous medium)";
    if (!internals.length)
      return interactions.length
        ? undefined
        : "the JKO part needs an internal term (the entropy or a porous medium) or an interaction";
    if (internals[0].name === "entropy" && !(entropy > 0))
      return "the entropy's coefficient must be > 0";
    return undefined;
  },
};

function makeNeuralJko(o: Settings): NeuralJkoScheme {
  const { n, batch, outer, inner, lr, precision } = o;
  if (o.stop === "plateau" && o.schedule !== "cosine")
    throw new ConfigError(
      "neural-jko: stop=plateau ends the phase at the held rate and starts the decay, so it needs the cosine schedule",
      "add --set scheme.schedule=cosine, or use scheme.stop=cap",
    );
  checkThreads(o.workers);
  // The networks are workspaces: every use loads the weights of a state into them first.
  const workspaces = new Map<number, { T: Net; h: Net }>();
  const workspace = (d: number, weights: Float64Array) => {
    let w = workspaces.get(d);
    if (!w) {
      // (the key only fills buffers that the state's weights overwrite at once)
      const { T, h } = networks(o, d, keyOf(0));
      w = { T: onThreads(T, o.workers), h: onThreads(h, o.workers) };
      workspaces.set(d, w);
    }
    loadParameters([w.T, w.h], weights);
    return w;
  };
  const tolerance = precision === "f64" ? 1e-12 : 2e-5;
  const midpoint = o.time === "midpoint";
  /**
   * Walks the points back through the maps T_k … T_1 with `invert` (which also returns each
   * map's log-det at the preimage).
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
    const count = points.length / d;
    const { T } = workspace(d, state.weights);
    let x: Float64Array = Float64Array.from(points);
    const logJacobian = new Float64Array(count);
    for (let j = state.maps.length - 1; j >= 0; j--) {
      const map = state.maps[j];
      if (!map)
        throw new ConfigError(
          `step ${j + 1} was a forward–backward step: its explicit part depends on the measure, so no density follows`,
        );
      loadParameters([T], map);
      const inverse = invert(midpoint ? extrapolatedMap(T) : T, x, count, j);
      x = inverse.x;
      for (let i = 0; i < count; i++) logJacobian[i] += inverse.logDet[i];
    }
    return { x, logJacobian };
  };
  /**
   * One step of size `step` at learning rate `rate`, from the state's networks: a JKO step of
   * that size, or for the midpoint rule one of half of it, then 2T − Id.
   */
  const train = (
    state: NeuralJkoState,
    parts: EnergyParts,
    step: number,
    key: Key,
    rate: number,
  ): NeuralJkoState => {
    const d = state.measure.d;
    const { T, h } = workspace(d, state.weights);
    const a = midpoint ? step / 2 : step;
    const M = Math.min(batch, state.measure.n);
    const optimizer = o.adam === "warm" ? state.optimizer : undefined;
    const options = {
      step: a,
      outer,
      inner,
      batch: M,
      lr: rate,
      schedule: o.schedule,
      optimizer,
      stop: o.stop,
    };
    const advanced = (
      { pool, optimizer, iterations }: KlJkoResult,
      map: Float64Array | null,
    ): NeuralJkoState => {
      if (midpoint) {
        // Check 2T − Id on a batch spread over the pool (which may be sorted), then
        // extrapolate every particle, E(x) = 2T(x) − x.
        const from = state.measure.x;
        const every = Math.floor(state.measure.n / M);
        const sample = new Float64Array(M * d);
        for (let r = 0; r < M; r++)
          sample.set(from.subarray(r * every * d, (r * every + 1) * d), r * d);
        checkExtrapolation(T, sample, M, step);
        pool = { ...pool, x: Float64Array.from(pool.x, (y, i) => 2 * y - from[i]) };
      }
      return {
        step: state.step + 1,
        t: state.t + step,
        measure: pool,
        weights: flatParameters([T, h]),
        maps: [...state.maps, map],
        iterations: [...(state.iterations ?? []), iterations],
        ...(o.adam === "warm" ? { optimizer } : {}),
      };
    };
    const { potentials, interactions, internals, entropy } = parts;
    // Without an internal part the interaction is evaluated on the samples in the step.
    if (!internals.length) {
      const result = interactionJkoStep(
        state.measure,
        { terms: [...potentials, ...interactions] },
        T,
        options,
        foldIn(key, 0),
      );
      return advanced(result, flatParameters([T]));
    }
    // Forward–backward with interactions: one explicit Euler step for the potential and the
    // interaction, then the JKO step for the internal part alone.
    const splitting = interactions.length > 0;
    let start = state.measure;
    let jkoPotentials = potentials;
    if (splitting) {
      const v = transportVelocity({ terms: [...potentials, ...interactions] }, start);
      start = { ...start, x: Float64Array.from(start.x, (xi, i) => xi + a * v[i]) };
      jkoPotentials = [];
    }
    let result: KlJkoResult;
    if (internals[0].name === "porous")
      result = porousJkoStep(
        start,
        { terms: [...jkoPotentials, internals[0]] },
        T,
        h,
        options,
        foldIn(key, 0),
      );
    else
      // σ∫ρ log ρ + ∫V dρ = σ·KL(ρ ‖ e^{−V/σ}): a step aσ on KL with the potential V/σ.
      result = klJkoStep(
        start,
        scale({ terms: jkoPotentials }, 1 / entropy),
        T,
        h,
        { ...options, step: a * entropy },
        foldIn(key, 0),
      );
    return advanced(result, splitting ? null : flatParameters([T]));
  };
  return {
    name: "neural-jko",
    stochastic: true, // trained on random batches: F decreases only up to the training noise
    supports,
    retries: MAX_RETRIES,
    init(problem, k) {
      const parts = energyParts(problem.energy);
      if (midpoint && parts.internals.length && parts.interactions.length)
        throw new ConfigError(
          "neural-jko: the midpoint rule needs a pure JKO step, and with both an interaction and an internal term the step is a first-order forward–backward splitting",
          "use --set scheme.time=jko for this energy",
        );
      const base = initialParticles(problem, n, k, o.start);
      if (batch > base.measure.n && problem.initial.kind === "particles")
        throw new ConfigError(
          `neural-jko: batch ${batch} exceeds the pool of ${base.measure.n} particles`,
          `use batch ≤ ${base.measure.n}`,
        );
      const { T, h } = networks(o, base.measure.d, k);
      return { ...base, weights: flatParameters([T, h]), maps: [], iterations: [] };
    },
    step(state, { parts, dt: a, key, attempt }) {
      // A retry of a step whose training diverged starts from the step's start again, with the
      // learning rate halved per attempt.
      return train(state, parts, a, key, lr / 2 ** attempt);
    },
    logDensity(state, initial, points) {
      const { x, logJacobian } = backThroughMaps(state, initial, points, (T, y, count) =>
        invertMap(T, y, count, tolerance),
      );
      const base = gaussianLogPdf(initial, x);
      return Float64Array.from(base, (v, i) => v - logJacobian[i]);
    },
    logDensityEstimate(state, initial, points, { probes = 16, terms = 12, key: k }) {
      let variance: Float64Array | undefined;
      const { x, logJacobian } = backThroughMaps(state, initial, points, (T, y, count, j) => {
        let draw = 0;
        const signs = (size: number) =>
          Float64Array.from(uniform01(foldIn(foldIn(k, j), draw++), size), (u) =>
            u < 0.5 ? -1 : 1,
          );
        const step = invertMapStochastic(T, y, count, tolerance, probes, terms, signs);
        variance ??= new Float64Array(count);
        for (let i = 0; i < count; i++) variance[i] += step.stderr[i] ** 2;
        return { x: step.x, logDet: step.logDet };
      });
      const base = gaussianLogPdf(initial, x);
      return {
        value: Float64Array.from(base, (v, i) => v - logJacobian[i]),
        stderr: (variance ?? new Float64Array(logJacobian.length)).map(Math.sqrt),
      };
    },
    events(state): Record<string, number> {
      const taken = state.iterations ?? [];
      if (!taken.length) return {};
      // (reduce, not Math.min(...taken): a run of many steps would overflow the arguments)
      return {
        "training iterations": taken.reduce((s, v) => s + v, 0),
        "training iterations per step (fewest)": taken.reduce((m, v) => Math.min(m, v)),
        "training iterations per step (most)": taken.reduce((m, v) => Math.max(m, v)),
      };
    },
    eventDefinitions: {
      "training iterations": "outer iterations of all steps' training (J1 each with stop=cap)",
      "training iterations per step (fewest)":
        "the fewest outer iterations one step's training took",
      "training iterations per step (most)": "the most outer iterations one step's training took",
    },
    divergenceAdvice: () =>
      "the neural JKO step diverged: use a smaller step, a smaller learning rate, or more inner steps",
  };
}

export const neuralJkoEntry = defineScheme({
  name: "neural-jko",
  summary:
    "The neural variational JKO of seed 001: each step trains a map T and a dual h on samples, then pushes the pool",
  family: "neural",
  variational: true,
  params,
  supports,
  make: makeNeuralJko,
});

export const neuralJko = (o: NeuralJkoOptions = {}): NeuralJkoScheme => neuralJkoEntry.create(o);
