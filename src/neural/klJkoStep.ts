/**
 * One variational JKO step on samples alone (seed 001 §3, Algorithm 1; Fan, Zhang, Taghvaei &
 * Chen 2022): the internal energy is written by its dual formula against a reference μ,
 *   ∫U(ρ) = c·sup_h E_ρ[h] − E_μ[g*(h)] (+ E_ρ[log μ] for the entropy),
 * so the step is the saddle problem
 *   min_T max_h  E|T(x) − x|²/(2a) + c·(E[h(T(x))] − E_μ[g*(h(z))]) + E[V(T(x))] (+ E[log μ(T(x))]),
 * trained by alternating `inner` Adam steps on h with one on T, `outer` times, on batches of
 * the pool. The pool is then pushed through T once, so every step costs the same.
 *  - entropy (KL to e^{−V}): μ the Gaussian moment-matched to the pool, g*(s) = e^{s−1}, c = 1;
 *  - porous medium κ∫ρ^m/(m−1): μ uniform on a box around the pool (density μ₀), and with
 *    g(r) = r^m/(m−1), ∫U(ρ) = κμ₀^{m−1}∫g(ρ/μ₀)dμ, so c = κμ₀^{m−1} and
 *    g*(s) = ((m−1)/m)·s·r(s), r(s) = ((m−1)s/m)^{1/(m−1)} for s > 0 (0 otherwise), g*' = r.
 *    The dual formula needs the pushed samples inside the box: it is the pool's range widened
 *    by a quarter on each side. g* vanishes on s ≤ 0, so where ρ has no mass any h ≤ 0 is
 *    optimal and its slope is arbitrary; T is therefore moved by h's positive part h⁺ (which
 *    the maximiser h* = g'(ρ/μ₀) ≥ 0 equals, and whose dual value is never lower). With h
 *    itself, the network's slope beyond the support pushed stray particles ever outwards, the
 *    box and with it the dual's scale grew, and the training collapsed (aggregation–diffusion
 *    near its steady state).
 */
import { ConfigError, NumericalError } from "../core/errors.js";
import type { InteractionTerm, PotentialTerm } from "../energies/types.js";
import { interactionVelocity } from "../energies/velocity.js";
import type { Energy } from "../energies/types.js";
import type { Particles } from "../measures/types.js";
import { type Key, foldIn } from "../random/key.js";
import { uniform01 } from "../random/sample.js";
import { Adam } from "../nn/mlp.js";
import { rowHeap } from "../nn/rows.js";
import { DualGuard } from "./dualGuard.js";
import { PLATEAU_LAG, StepSchedule } from "./schedule.js";
import { PotentialRows } from "./potentialRows.js";
import { type Reference, gaussianReference, uniformReference } from "./reference.js";
import { type Net, flatParameters, loadParameters } from "../nn/net.js";

export interface KlJkoOptions {
  /** JKO step a. */
  step: number;
  /** Outer iterations J1 (one Adam step on T each). */
  outer: number;
  /** Inner Adam steps on h per outer iteration, J2. */
  inner: number;
  /** Batch size M. */
  batch: number;
  lr: number;
  /** Learning-rate schedule over the step's iterations (default constant). */
  schedule?: "constant" | "cosine";
  /** Adam's memory for T and h from the previous step (Adam.exportState); fresh when absent. */
  optimizer?: OptimizerMemory;
  /**
   * How the held rate ends: at half of `outer` under the cosine schedule (cap, the default), or
   * at a plateau of the objective (plateau, which needs the cosine schedule; schedule.ts).
   */
  stop?: "cap" | "plateau";
}

/** The two optimisers' states, carried from one step to the next. */
export interface OptimizerMemory {
  readonly T: Float64Array;
  readonly h: Float64Array | null;
}

export interface KlJkoResult {
  /** The pool pushed by the trained map. */
  readonly pool: Particles;
  /** Primal objective per outer iteration taken (a noisy estimate, for diagnostics). */
  readonly primal: Float64Array;
  /** Outer iterations taken (J1 unless the plateau test ended the step earlier). */
  readonly iterations: number;
  /** Adam's memory at the step's end, for the next step. */
  readonly optimizer: OptimizerMemory;
}

/**
 * `total` plus ½ mean of t's W over the pairs of the M rows of y (the batch's interaction
 * energy), added pair by pair.
 */
function addPairEnergy(
  total: number,
  t: InteractionTerm,
  y: Float64Array,
  M: number,
  d: number,
): number {
  for (let r = 0; r < M; r++)
    for (let q = r + 1; q < M; q++) {
      let r2 = 0;
      for (let i = 0; i < d; i++) r2 += (y[r * d + i] - y[q * d + i]) ** 2;
      total += (t.scale * t.kernel.w(r2)) / (M * M);
    }
  return total;
}

/** The potential terms of an energy (the part that needs no dual formula). */
function potentialOf(energy: Energy): PotentialTerm[] {
  if (energy.terms.some((t) => t.type === "interaction"))
    throw new ConfigError(
      "the variational step takes potential + internal energies; interactions need the forward–backward step",
    );
  return energy.terms.filter((t): t is PotentialTerm => t.type === "potential");
}

export function klJkoStep(
  pool: Particles,
  energy: Energy,
  T: Net,
  h: Net,
  options: KlJkoOptions,
  key: Key,
): KlJkoResult {
  const potentials = potentialOf(energy);
  const reference = gaussianReference(pool);
  return variationalJkoStep({ pool, potentials, reference, T, h, options, key });
}

/** The step for F = ∫V dρ + κ∫ρ^m/(m−1) (porous medium), against a uniform reference. */
export function porousJkoStep(
  pool: Particles,
  energy: Energy,
  T: Net,
  h: Net,
  options: KlJkoOptions,
  key: Key,
): KlJkoResult {
  const potentials = potentialOf(energy);
  const porous = energy.terms.filter((t) => t.type === "internal");
  if (porous.length !== 1 || porous[0].type !== "internal" || porous[0].name !== "porous")
    throw new ConfigError("the porous step takes exactly one porous-medium term");
  const reference = uniformReference(pool, porous[0].m as number, porous[0].scale);
  return variationalJkoStep({ pool, potentials, reference, T, h, options, key });
}

/**
 * The step for F = ∫V dρ + ½∬W dρdρ with no internal part: the interaction is evaluated on
 * the batch itself (½ mean of W over pairs of pushed samples), so no dual is trained.
 */
export function interactionJkoStep(
  pool: Particles,
  energy: Energy,
  T: Net,
  options: KlJkoOptions,
  key: Key,
): KlJkoResult {
  if (energy.terms.some((t) => t.type === "internal"))
    throw new ConfigError("interactionJkoStep takes potential and interaction terms only");
  const potentials = energy.terms.filter((t): t is PotentialTerm => t.type === "potential");
  const interactions = energy.terms.filter((t): t is InteractionTerm => t.type === "interaction");
  return variationalJkoStep({
    pool,
    potentials,
    reference: null,
    T,
    h: null,
    options,
    key,
    interactions,
  });
}

/** One step's problem: the pool, the energy's parts, the reference and dual (none without an internal term), the map. */
interface StepProblem {
  pool: Particles;
  potentials: readonly PotentialTerm[];
  reference: Reference | null;
  T: Net;
  h: Net | null;
  options: KlJkoOptions;
  key: Key;
  interactions?: readonly InteractionTerm[];
}

function variationalJkoStep(problem: StepProblem): KlJkoResult {
  const { pool, T, h, options } = problem;
  const { step: a, batch: M } = options;
  const { n, d } = pool;
  if (T.inDim !== d || T.outDim !== d || (h && (h.inDim !== d || h.outDim !== 1)))
    throw new ConfigError(`the networks must map R^${d} → R^${d} (T) and R^${d} → R (h)`);
  if (!(a > 0) || !(M >= 2) || M > n) throw new ConfigError("need a > 0 and 2 ≤ batch ≤ pool size");
  if (options.stop === "plateau" && options.schedule !== "cosine")
    throw new ConfigError("stop: plateau starts the decay early, so it needs the cosine schedule");
  // the step's buffers in the row kernels' memory, given back when it ends
  const heap = rowHeap();
  const mark = heap.mark();
  try {
    return train(problem);
  } finally {
    heap.release(mark);
  }
}

/**
 * The training loop of variationalJkoStep. Everything it works on is allocated here, once: an
 * iteration allocates nothing (the interaction term's velocity apart).
 */
function train(problem: StepProblem): KlJkoResult {
  const { pool, potentials, reference, T, h, options, key, interactions = [] } = problem;
  const { step: a, outer, inner, batch: M, lr } = options;
  const { n, d } = pool;
  const c = reference ? reference.weight : 0;
  const optT = new Adam(T, lr);
  const optH = h ? new Adam(h, lr) : null;
  if (options.optimizer) {
    optT.importState(options.optimizer.T);
    if (optH && options.optimizer.h) optH.importState(options.optimizer.h);
  }
  const primal = new Float64Array(outer);
  const guard = reference ? new DualGuard(reference) : null;
  const positive = reference?.positivePart === true;
  // y = T(x), z ~ μ, dL/dy and log μ(y) in the row kernels' memory
  const heap = rowHeap();
  const plateau = options.stop === "plateau";
  const [yBuf, zBuf, dyBuf, logMu, zFixedBuf] = [
    heap.alloc(M * d),
    heap.alloc(reference ? M * d : 0),
    heap.alloc(M * d),
    heap.alloc(M),
    heap.alloc(plateau && reference ? M * d : 0),
  ];
  reference?.prepare(M);
  const potentialRows = new PotentialRows(potentials, M, d);
  // no allocation in the kernels' memory from here on: its views stay valid
  const y = yBuf.data as Float64Array;
  const z = zBuf.data as Float64Array;
  const dy = dyBuf.data as Float64Array;
  const logMuValues = logMu.data as Float64Array;
  const from = pool.x;
  const x = new Float64Array(M * d);
  const pick = new Float64Array(M);
  const hy = new Float64Array(M); // h(y)
  const hzOut = new Float64Array(M); // h(z)
  const dMinus = new Float64Array(M).fill(-1 / M); // d(−D)/dh(y)
  const dhz = new Float64Array(M); // d(−D)/dh(z)
  const dhy = new Float64Array(M); // dL/dh(y) in the primal
  const potentialValues = new Float64Array(potentials.length * M);
  /** M rows of the pool, picked by `k`, into `into`. */
  const batchOfPool = (k: Key, into: Float64Array) => {
    uniform01(k, M, pick);
    for (let r = 0; r < M; r++) {
      const i = Math.min(n - 1, Math.floor(pick[r] * n));
      for (let j = 0; j < d; j++) into[r * d + j] = from[i * d + j];
    }
  };
  /** The objective at the fixed batch (xFixed, z in zFixedBuf), for the plateau test. */
  const xFixed = new Float64Array(plateau ? M * d : 0);
  const fixedObjective = (): number => {
    const yOut = T.forward(xFixed, M, y);
    if (yOut !== y) y.set(yOut);
    let value = 0;
    if (h && reference) {
      const hyv = h.forward(y, M, hy);
      for (let r = 0; r < M; r++) value += (c * (positive ? Math.max(0, hyv[r]) : hyv[r])) / M;
      const hz = h.forward(zFixedBuf.data as Float64Array, M, hzOut);
      for (let r = 0; r < M; r++) value -= (c * reference.conjugate(hz[r])) / M;
    }
    for (const t of interactions) value = addPairEnergy(value, t, y, M, d);
    potentialRows.evaluate(y, potentialValues);
    for (let r = 0; r < M; r++) {
      for (let p = 0; p < potentials.length; p++) value += potentialValues[p * M + r];
      for (let i = 0; i < d; i++) value += (y[r * d + i] - xFixed[r * d + i]) ** 2 / (2 * a * M);
    }
    if (reference?.logDensity) {
      // (dy is a scratch here: every iteration writes it afresh)
      reference.logDensity(M, yBuf, dyBuf, 1 / M, logMu);
      for (let r = 0; r < M; r++) value += logMuValues[r] / M;
    }
    return value;
  };
  const schedule = new StepSchedule(outer, options.schedule === "cosine");
  // T's parameters at the ends of the last PLATEAU_LAG windows (the step's start first)
  const mapsBefore = plateau ? [flatParameters([T])] : null;
  if (plateau) {
    const k = foldIn(key, 2 ** 32 - 1);
    batchOfPool(foldIn(k, 0), xFixed);
    if (reference) reference.sample(foldIn(k, 1), M, zFixedBuf);
  }
  for (let it = 0; it < schedule.end; it++) {
    const rate = schedule.rate(it);
    const k = foldIn(key, it);
    batchOfPool(foldIn(k, 0), x);
    if (reference) reference.sample(foldIn(k, 1), M, zBuf);
    const yOut = T.forward(x, M, y);
    if (yOut !== y) y.set(yOut);
    let lastHz: Float64Array | null = null;
    for (let s = 0; h && optH && reference && s < inner; s++) {
      // maximise E[h(y)] − E_μ[g*(h(z))]: the gradient of its negative. Two passes, not one
      // of y and z stacked (Mlp.backward's `segment`): the same numbers, but at M = 1000 the
      // stacked pass's buffers outgrow the cache and it is 3 % slower.
      const gh = h.zeroGradients();
      h.forward(y, M, hy);
      h.backward(dMinus, gh, false);
      const hz = (lastHz = h.forward(z, M, hzOut));
      for (let r = 0; r < M; r++) dhz[r] = reference.conjugateSlope(hz[r]) / M;
      h.backward(dhz, gh, false);
      optH.step(gh, rate);
    }
    // T is unchanged since y = T(x), and its workspace still holds that pass (h's passes
    // use h's own): backward below differentiates it.
    let hyv: Float64Array = hy;
    if (h) {
      hyv = h.forward(y, M, hy);
      for (let r = 0; r < M; r++) dhy[r] = positive && hyv[r] <= 0 ? 0 : c / M;
      const dyOut = h.backward(dhy, undefined, true, { out: dy });
      if (dyOut !== dy) dy.set(dyOut);
    } else dy.fill(0);
    let loss = 0;
    if (interactions.length) {
      // ½ mean over pairs of W(y_r − y_q); its gradient in y_r is −v_r/M, v the velocity
      const batch: Particles = { kind: "particles", n: M, d, x: y };
      for (const t of interactions) {
        const v = interactionVelocity(t.kernel, batch, new Float64Array(M * d), t.scale);
        for (let i = 0; i < v.length; i++) dy[i] -= v[i] / M;
        loss = addPairEnergy(loss, t, y, M, d);
      }
    }
    // Each entry of dy takes its terms in the order potentials, log μ, transport (as one
    // loop over the rows would), and the objective its terms row by row in that order below.
    potentialRows.evaluate(y, potentialValues, dy);
    const logDensity = reference?.logDensity !== undefined;
    reference?.logDensity?.(M, yBuf, dyBuf, 1 / M, logMu);
    for (let r = 0; r < M; r++) {
      loss += (c * (positive ? Math.max(0, hyv[r]) : hyv[r])) / M;
      for (let p = 0; p < potentials.length; p++) loss += potentialValues[p * M + r];
      if (logDensity) loss += logMuValues[r] / M;
      for (let i = 0; i < d; i++) {
        const diff = y[r * d + i] - x[r * d + i];
        loss += (diff * diff) / (2 * a * M);
        dy[r * d + i] += diff / (a * M);
      }
    }
    if (!Number.isFinite(loss))
      throw new NumericalError(
        `the neural JKO step diverged at iteration ${it} (objective ${loss})`,
        "use a smaller step a, a smaller learning rate, or more inner steps",
      );
    primal[it] = loss;
    // A collapsed h (the saddle problem diverging without a NaN) is caught here, and the step
    // retried by flow() at a smaller learning rate.
    if (guard && lastHz) guard.observe(it, hyv, lastHz);
    const gT = T.zeroGradients();
    // T's input gradient is not needed: only dL/dθ
    T.backward(dy, gT, false);
    optT.step(gT, rate);
    if (mapsBefore && schedule.looksAfter(it)) {
      const current = flatParameters([T]);
      mapsBefore.push(current);
      if (mapsBefore.length <= PLATEAU_LAG) continue;
      // the progress of the last PLATEAU_LAG windows: T now against T then, both under the
      // dual h has now
      const now = fixedObjective();
      loadParameters([T], mapsBefore.shift()!);
      const before = fixedObjective();
      loadParameters([T], current);
      if (now >= before) schedule.plateau(it);
    }
  }
  // Push the whole pool once, in batches of M (the last one padded, so that the networks
  // keep one workspace size).
  const next = new Float64Array(n * d);
  const chunk = new Float64Array(M * d);
  const pushed = new Float64Array(M * d);
  for (let start = 0; start < n; start += M) {
    const rows = Math.min(M, n - start);
    chunk.fill(0);
    chunk.set(pool.x.subarray(start * d, (start + rows) * d));
    const out = T.forward(chunk, M, pushed);
    next.set(out.subarray(0, rows * d), start * d);
  }
  return {
    pool: { kind: "particles", n, d, x: next },
    primal: primal.subarray(0, schedule.end),
    iterations: schedule.end,
    optimizer: { T: optT.exportState(), h: optH ? optH.exportState() : null },
  };
}
