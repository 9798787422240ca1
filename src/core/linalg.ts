/** Small dense linear algebra for symmetric matrices: Cholesky, eigen, log-det. */
import { NumericalError } from "./errors.js";
import { type Matrix, matrix, matmul, transpose } from "./matrix.js";

/** Lower-triangular L with A = L Lᵀ; throws when A is not positive definite. */
export function cholesky(a: Matrix): Matrix {
  const n = a.rows;
  const l = matrix(n, n);
  for (let j = 0; j < n; j++) {
    let d = a.data[j * n + j];
    for (let k = 0; k < j; k++) d -= l.data[j * n + k] ** 2;
    if (!(d > 0))
      throw new NumericalError(
        `matrix is not positive definite (pivot ${j} is ${d})`,
        "pass a symmetric positive-definite matrix, e.g. I + GGᵀ/d",
      );
    const ljj = Math.sqrt(d);
    l.data[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a.data[i * n + j];
      for (let k = 0; k < j; k++) s -= l.data[i * n + k] * l.data[j * n + k];
      l.data[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** log det A from its Cholesky factor. */
export function logDetFromCholesky(l: Matrix): number {
  let s = 0;
  for (let i = 0; i < l.rows; i++) s += Math.log(l.data[i * l.cols + i]);
  return 2 * s;
}

export function logDetSpd(a: Matrix): number {
  return logDetFromCholesky(cholesky(a));
}

/** Solve L Lᵀ x = b in place for one right-hand side. */
export function choleskySolve(l: Matrix, b: ArrayLike<number>): Float64Array {
  const n = l.rows;
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= l.data[i * n + k] * x[k];
    x[i] = s / l.data[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= l.data[k * n + i] * x[k];
    x[i] = s / l.data[i * n + i];
  }
  return x;
}

/** Inverse of a symmetric positive-definite matrix. */
export function inverseSpd(a: Matrix): Matrix {
  const n = a.rows;
  const l = cholesky(a);
  const inv = matrix(n, n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(l, e);
    for (let i = 0; i < n; i++) inv.data[i * n + j] = col[i];
  }
  return inv;
}

export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** Column j is the unit eigenvector of values[j]. */
  vectors: Matrix;
}

/** Symmetric eigendecomposition by cyclic Jacobi rotations (accurate to a few ulps for d ≤ 100s). */
export function eigSymmetric(a: Matrix, maxSweeps = 100): SymmetricEigen {
  const n = a.rows;
  const m = Float64Array.from(a.data);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const x = m[i * n + j] ** 2;
        total += x;
        if (i !== j) off += x;
      }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p];
          const mkq = m[k * n + q];
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k];
          const mqk = m[q * n + k];
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[i * n + i] - m[j * n + j]);
  const values = Float64Array.from(order, (i) => m[i * n + i]);
  const vectors = matrix(n, n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors.data[k * n + dst] = v[k * n + src];
  });
  return { values, vectors };
}

/** f(A) = V f(Λ) Vᵀ for a symmetric A. */
export function symmetricFunction(a: Matrix, f: (lambda: number) => number): Matrix {
  const { values, vectors } = eigSymmetric(a);
  const n = a.rows;
  const scaled = matrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) scaled.data[i * n + j] = vectors.data[i * n + j] * f(values[j]);
  return matmul(scaled, transpose(vectors));
}
