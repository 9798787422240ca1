/**
 * The reference measures μ of the variational JKO step's dual formula (klJkoStep.ts), each with
 * its conjugate g* and what sampling batches from it needs:
 *  - the Gaussian moment-matched to the pool, for the entropy (g*(s) = e^{s−1}, c = 1);
 *  - the uniform density μ₀ on the pool's bounding box widened by a quarter per side, for the
 *    porous medium κ∫ρ^m/(m−1) (c = κμ₀^{m−1}, g*(s) = ((m−1)/m)·s·r(s),
 *    r(s) = ((m−1)s/m)^{1/(m−1)} for s > 0, 0 otherwise), whose dual moves T by h's positive
 *    part (klJkoStep.ts says why).
 */
import { cholesky, inverseSpd } from "../core/linalg.js";
import { moments } from "../measures/moments.js";
import type { Particles } from "../measures/types.js";
import type { Key } from "../random/key.js";
import { normal, uniform01 } from "../random/sample.js";
import type { Buf } from "../nn/arena.js";
import { rowHeap } from "../nn/rows.js";
import type { DualConjugate } from "./dualGuard.js";

/** A reference measure with its conjugate, as the dual formula needs. */
export interface Reference extends DualConjugate {
  /** c: the dual value's weight in the primal objective. */
  readonly weight: number;
  /**
   * Takes what sampling batches of M needs in the row kernels' memory (rowHeap); called once
   * per step, inside the step's mark.
   */
  prepare(M: number): void;
  /** M samples into z (M×d, in the row kernels' memory). */
  sample(k: Key, M: number, z: Buf): void;
  /** g* vanishes on s ≤ 0: T is moved by h's positive part (see the header). */
  readonly positivePart?: boolean;
  /**
   * For the entropy only: E[log μ(y)]'s integrand at the M rows of y into `values`, and its
   * gradient times `scale` added into dy's rows.
   */
  logDensity?(M: number, y: Buf, dy: Buf, scale: number, values: Buf): void;
}

/** The Gaussian moment-matched to the pool: z = m + Lξ, ∇log μ(y) = −Σ⁻¹(y − m). */
export function gaussianReference(pool: Particles): Reference {
  const { d } = pool;
  const { mean, cov } = moments(pool);
  const L = cholesky(cov);
  const precision = inverseSpd(cov).data;
  // the row kernels' copies of mean, L and Σ⁻¹, the normal draws ξ and a scratch
  let rows: { mean: Buf; L: Buf; precision: Buf; xi: Buf; scratch: Buf } | undefined;
  const bound = () => {
    if (!rows) throw new Error("the Gaussian reference was not prepared for a batch size");
    return rows;
  };
  return {
    weight: 1,
    prepare(M) {
      const heap = rowHeap();
      rows = {
        mean: heap.allocFrom(mean),
        L: heap.allocFrom(L.data),
        precision: heap.allocFrom(precision),
        xi: heap.alloc(M * d),
        scratch: heap.alloc(4 * d),
      };
    },
    sample(k, M, z) {
      // s = m_i, then s += L_ij ξ_j for j ≤ i, row by row (assembly/rows.ts)
      const b = bound();
      normal(k, M * d, b.xi.data as Float64Array);
      rowHeap().kernels.affineRows(
        M,
        d,
        b.L.offset,
        1,
        b.xi.offset,
        b.mean.offset,
        z.offset,
        b.scratch.offset,
      );
    },
    conjugate: (s) => Math.exp(s - 1),
    conjugateSlope: (s) => Math.exp(s - 1),
    bestOffset(hz) {
      // E[e^{h(z)+c−1}] = 1; in log-sum-exp form, so that a collapsed h overflows nothing
      let top = -Infinity;
      for (const v of hz) top = Math.max(top, v);
      let sum = 0;
      for (const v of hz) sum += Math.exp(v - top);
      return 1 - top - Math.log(sum / hz.length);
    },
    logDensity(M, y, dy, scale, values) {
      // per row: s = Σ⁻¹(y − m), the value −½(y − m)·s, and dy −= scale·s (assembly/rows.ts)
      const b = bound();
      rowHeap().kernels.gaussianRows(
        M,
        d,
        b.precision.offset,
        b.mean.offset,
        y.offset,
        dy.offset,
        scale,
        values.offset,
        b.scratch.offset,
      );
    },
  };
}

/** Uniform on the pool's bounding box widened by a quarter per side, for κ∫ρ^m/(m−1). */
export function uniformReference(pool: Particles, m: number, kappa: number): Reference {
  const { n, d, x } = pool;
  const lo = new Float64Array(d).fill(Infinity);
  const hi = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++) {
      lo[a] = Math.min(lo[a], x[i * d + a]);
      hi[a] = Math.max(hi[a], x[i * d + a]);
    }
  let volume = 1;
  for (let a = 0; a < d; a++) {
    const pad = 0.25 * (hi[a] - lo[a]);
    lo[a] -= pad;
    hi[a] += pad;
    volume *= hi[a] - lo[a];
  }
  const r = (s: number) => (s > 0 ? (((m - 1) * s) / m) ** (1 / (m - 1)) : 0);
  return {
    weight: kappa * (1 / volume) ** (m - 1),
    prepare() {},
    sample(k, M, z) {
      const u = z.data as Float64Array;
      uniform01(k, M * d, u);
      for (let i = 0; i < u.length; i++) u[i] = lo[i % d] + u[i] * (hi[i % d] - lo[i % d]);
    },
    conjugate: (s) => ((m - 1) / m) * s * r(s),
    conjugateSlope: r,
    positivePart: true,
  };
}
