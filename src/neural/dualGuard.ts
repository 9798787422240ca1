/**
 * The collapse guard of the variational JKO step. The dual value of h,
 *   D(h) = E[h(y)] − E_μ[g*(h(z))],
 * bounds ∫g(ρ/μ)dμ ≥ 0 from below, but T sees h only through ∇h: adding a constant to h changes
 * D and nothing else. So the guard judges h's shape, the dual at h's best constant offset,
 *   D̂(h) = max_c D(h + c)   (the offset solves E_μ[g*′(h(z) + c)] = 1),
 * which is ≥ D(h), and ≥ 0 for the maximiser: a shape no better than a constant scores 0. It
 * fires when D̂ falls below zero by more than the step's own tolerance, judged on the mean of
 * `WINDOW` iterations:
 *   mean(D̂) < −(1 + level),
 * where `level` is D̂'s first window mean in the step (≥ 0: the warm-started h's own scale, so
 * the tolerance is in the dual's units for every g) and 1 is the lag an h tracking a moving T
 * may show. No allowance for batch noise: a collapse is heavy-tailed (e^{h(z)} explodes), its
 * standard error as large as its mean, so a noise allowance would excuse exactly the collapses.
 * Measured (docs/reliability.md): healthy steps ≥ −0.66 on OU at d = 2 and 32 with target
 * variances up to 1.8, collapses ≤ −5 (and typically −10² … −10¹⁰).
 */
import { NumericalError } from "../core/errors.js";

/** What the guard needs of the reference: g*, g*′, and where it has a closed-form offset. */
export interface DualConjugate {
  conjugate(s: number): number;
  conjugateSlope(s: number): number;
  /** The best offset c for values h(z), when it has a closed form (the entropy's e^{s−1}). */
  bestOffset?(hz: Float64Array): number;
}

export const WINDOW = 10;
/** The lag, in the dual's units at level 0, that a healthy h may trail a moving T by. */
const LAG = 1;

/** E_μ[g*′(h(z) + c)] − 1 is increasing in c: bisection after bracketing. */
function offsetByBisection(ref: DualConjugate, hz: Float64Array): number {
  const excess = (c: number) => {
    let s = 0;
    for (let r = 0; r < hz.length; r++) s += ref.conjugateSlope(hz[r] + c);
    return s / hz.length - 1;
  };
  let lo = -1;
  let hi = 1;
  for (let i = 0; i < 60 && excess(lo) > 0; i++) lo = 2 * lo - 1;
  for (let i = 0; i < 60 && excess(hi) < 0; i++) hi = 2 * hi + 1;
  for (let i = 0; i < 60 && hi - lo > 1e-9 * (1 + Math.abs(lo)); i++) {
    const mid = 0.5 * (lo + hi);
    if (excess(mid) < 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

export interface ShiftedDual {
  /** D̂: the dual value at h's best constant offset. */
  value: number;
  /** Its batch standard error. */
  stderr: number;
}

/** D̂ and its standard error from one batch: h on the pushed samples y and on μ's samples z. */
export function shiftedDual(ref: DualConjugate, hy: Float64Array, hz: Float64Array): ShiftedDual {
  const c = ref.bestOffset ? ref.bestOffset(hz) : offsetByBisection(ref, hz);
  const M = hy.length;
  const K = hz.length;
  let sy = 0;
  let qy = 0;
  let sz = 0;
  let qz = 0;
  for (let r = 0; r < M; r++) {
    sy += hy[r];
    qy += hy[r] * hy[r];
  }
  for (let r = 0; r < K; r++) {
    const v = ref.conjugate(hz[r] + c);
    sz += v;
    qz += v * v;
  }
  const my = sy / M;
  const mz = sz / K;
  const value = my + c - mz;
  const stderr = Math.sqrt(Math.max(0, qy / M - my * my) / M + Math.max(0, qz / K - mz * mz) / K);
  return { value, stderr };
}

/** Follows one step's training; `observe` throws a retryable NumericalError at a collapse. */
export class DualGuard {
  private readonly values = new Float64Array(WINDOW);
  private readonly variances = new Float64Array(WINDOW);
  private seen = 0;
  private level: number | undefined;

  constructor(private readonly ref: DualConjugate) {}

  observe(it: number, hy: Float64Array, hz: Float64Array): void {
    const { value, stderr } = shiftedDual(this.ref, hy, hz);
    const slot = this.seen++ % WINDOW;
    this.values[slot] = value;
    this.variances[slot] = stderr * stderr;
    if (this.seen < WINDOW) return;
    const mean = this.values.reduce((a, b) => a + b, 0) / WINDOW;
    const se = Math.sqrt(this.variances.reduce((a, b) => a + b, 0)) / WINDOW;
    this.level ??= Math.max(0, Number.isFinite(mean) ? mean : 0);
    const floor = -(LAG + this.level);
    if (!(mean >= floor))
      throw new NumericalError(
        `the dual network collapsed by iteration ${it}: its shape scores ${mean.toPrecision(3)} ± ${se.toPrecision(2)} over ${WINDOW} iterations, below a constant's 0 by more than the step's tolerance ${(-floor).toPrecision(3)}`,
        "use a smaller learning rate, more inner steps, or a smaller step a",
      );
  }
}
