/**
 * Tridiagonal systems and spectra: one factorisation (Thomas / LDLᵀ) reused for many right-hand
 * sides, and the eigenvalues of a symmetric tridiagonal matrix by implicit QL (O(n²), no vectors)
 * — e.g. the zeros of orthogonal polynomials from their Jacobi matrix (Golub–Welsch).
 */
import { NumericalError } from "./errors.js";

export interface TridiagonalFactor {
  /** Solves the factored system for one right-hand side into `out` (which may be `rhs`). */
  solve(rhs: ArrayLike<number>, out?: Float64Array): Float64Array;
}

/**
 * Factors the matrix with sub-diagonal `lower[i]` (row i + 1, column i), diagonal `diag` and
 * super-diagonal `upper[i]` (row i, column i + 1), plus `shift` on the diagonal. Returns null
 * when a pivot vanishes — or, with `positive`, when one is not positive, which for a symmetric
 * matrix says it is not positive definite.
 */
export function factorTridiagonal(
  lower: ArrayLike<number>,
  diag: ArrayLike<number>,
  upper: ArrayLike<number>,
  options: { shift?: number; positive?: boolean } = {},
): TridiagonalFactor | null {
  const n = diag.length;
  const shift = options.shift ?? 0;
  const pivot = new Float64Array(n);
  const ratio = new Float64Array(n);
  const ok = (p: number) => (options.positive ? p > 0 : p !== 0 && Number.isFinite(p));
  pivot[0] = diag[0] + shift;
  if (!ok(pivot[0])) return null;
  for (let i = 1; i < n; i++) {
    ratio[i] = lower[i - 1] / pivot[i - 1];
    pivot[i] = diag[i] + shift - ratio[i] * upper[i - 1];
    if (!ok(pivot[i])) return null;
  }
  return {
    solve(rhs, out = new Float64Array(n)) {
      out[0] = rhs[0];
      for (let i = 1; i < n; i++) out[i] = rhs[i] - ratio[i] * out[i - 1];
      out[n - 1] /= pivot[n - 1];
      for (let i = n - 2; i >= 0; i--) out[i] = (out[i] - upper[i] * out[i + 1]) / pivot[i];
      return out;
    },
  };
}

/**
 * √(a² + b²) by the plain formula, which is exact to rounding where it neither overflows nor
 * underflows, and Math.hypot (several times slower in V8, and the QL sweep's hot call) where it
 * might.
 */
function hypot(a: number, b: number): number {
  const s = a * a + b * b;
  return s > 1e-300 && s < 1e300 ? Math.sqrt(s) : Math.hypot(a, b);
}

/**
 * Eigenvalues, ascending, of the symmetric tridiagonal matrix with diagonal `diag` and
 * off-diagonal `off` (off[i] joins i and i + 1), by the implicit QL method with Wilkinson shifts.
 */
export function symmetricTridiagonalEigenvalues(
  diag: ArrayLike<number>,
  off: ArrayLike<number>,
): Float64Array {
  const n = diag.length;
  const d = Float64Array.from(diag);
  const e = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) e[i] = off[i];
  for (let l = 0; l < n; l++) {
    for (let iter = 0; ; iter++) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (iter > 60)
        throw new NumericalError(`tridiagonal QL: eigenvalue ${l} did not converge in 60 sweeps`);
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (r === 0 && i >= l) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return d.sort();
}
