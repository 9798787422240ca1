/** LU factorisation with partial pivoting of small dense d×d blocks (row-major): solves, determinants. */

export interface LuFactor {
  readonly d: number;
  /** L (unit, below the diagonal) and U (on and above), in place of the permuted matrix. */
  readonly lu: Float64Array;
  /** Row i of the factored matrix is row perm[i] of the original. */
  readonly perm: Int32Array;
  /** sign(det) (0 when singular) and log|det|. */
  readonly sign: number;
  readonly logAbsDet: number;
}

export function luFactor(m: ArrayLike<number>, d: number): LuFactor {
  const a = Float64Array.from(m);
  const perm = Int32Array.from({ length: d }, (_, i) => i);
  let sign = 1;
  let logAbsDet = 0;
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let i = c + 1; i < d; i++) if (Math.abs(a[i * d + c]) > Math.abs(a[p * d + c])) p = i;
    const pivot = a[p * d + c];
    if (!(Math.abs(pivot) > 0) || !Number.isFinite(pivot))
      return { d, lu: a, perm, sign: 0, logAbsDet: -Infinity };
    if (p !== c) {
      for (let j = 0; j < d; j++) [a[c * d + j], a[p * d + j]] = [a[p * d + j], a[c * d + j]];
      [perm[c], perm[p]] = [perm[p], perm[c]];
      sign = -sign;
    }
    if (pivot < 0) sign = -sign;
    logAbsDet += Math.log(Math.abs(pivot));
    for (let i = c + 1; i < d; i++) {
      const f = (a[i * d + c] /= pivot);
      if (f === 0) continue;
      for (let j = c + 1; j < d; j++) a[i * d + j] -= f * a[c * d + j];
    }
  }
  return { d, lu: a, perm, sign, logAbsDet };
}

/** s with A s = r, from A's factor (NaN when A is singular). */
export function luSolve(f: LuFactor, r: ArrayLike<number>): Float64Array {
  const { d, lu, perm } = f;
  const s = Float64Array.from(perm, (i) => r[i]);
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) s[i] -= lu[i * d + j] * s[j];
  for (let i = d - 1; i >= 0; i--) {
    let v = s[i];
    for (let j = i + 1; j < d; j++) v -= lu[i * d + j] * s[j];
    s[i] = v / lu[i * d + i];
  }
  return s;
}

/** det A (0 when a pivot vanishes). */
export function determinant(m: ArrayLike<number>, d: number): number {
  const f = luFactor(m, d);
  return f.sign === 0 ? 0 : f.sign * Math.exp(f.logAbsDet);
}
