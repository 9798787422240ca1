/**
 * Dense row-major float64 matrices. Small and explicit: the sizes in this
 * library are dimensions (d ≤ a few hundred), never particle counts squared.
 */
import { ConfigError } from "./errors.js";

export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function matrix(rows: number, cols: number, data?: ArrayLike<number>): Matrix {
  const buf = new Float64Array(rows * cols);
  if (data) {
    if (data.length !== rows * cols)
      throw new ConfigError(`matrix data has ${data.length} entries, expected ${rows}×${cols}`);
    buf.set(data);
  }
  return { rows, cols, data: buf };
}

/** Matrix from nested arrays, e.g. `[[1, 0], [0, 1]]`. */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const m = matrix(r, c);
  rows.forEach((row, i) => {
    if (row.length !== c)
      throw new ConfigError(`row ${i} has ${row.length} entries, expected ${c}`);
    m.data.set(row, i * c);
  });
  return m;
}

export function toRows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) =>
    Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)),
  );
}

export function identity(n: number, scale = 1): Matrix {
  const m = matrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = scale;
  return m;
}

export function get(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j];
}

export function transpose(m: Matrix): Matrix {
  const t = matrix(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) t.data[j * m.rows + i] = m.data[i * m.cols + j];
  return t;
}

export function matmul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows)
    throw new ConfigError(`matmul: ${a.rows}×${a.cols} by ${b.rows}×${b.cols}`);
  const c = matrix(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      if (aik === 0) continue;
      for (let j = 0; j < b.cols; j++) c.data[i * b.cols + j] += aik * b.data[k * b.cols + j];
    }
  return c;
}

export function matvec(a: Matrix, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    for (let j = 0; j < a.cols; j++) s += a.data[i * a.cols + j] * x[j];
    y[i] = s;
  }
  return y;
}

/** a·α + b·β, elementwise. */
export function axpby(a: Matrix, alpha: number, b: Matrix, beta: number): Matrix {
  const c = matrix(a.rows, a.cols);
  for (let i = 0; i < c.data.length; i++) c.data[i] = alpha * a.data[i] + beta * b.data[i];
  return c;
}

export function trace(m: Matrix): number {
  let s = 0;
  for (let i = 0; i < Math.min(m.rows, m.cols); i++) s += m.data[i * m.cols + i];
  return s;
}

/** Largest |a_ij − a_ji|, relative to the largest |a_ij|. */
export function asymmetry(m: Matrix): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) {
      scale = Math.max(scale, Math.abs(m.data[i * m.cols + j]));
      if (j > i) diff = Math.max(diff, Math.abs(m.data[i * m.cols + j] - m.data[j * m.cols + i]));
    }
  return scale === 0 ? 0 : diff / scale;
}

export function symmetrize(m: Matrix): Matrix {
  const s = matrix(m.rows, m.cols);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++)
      s.data[i * m.cols + j] = 0.5 * (m.data[i * m.cols + j] + m.data[j * m.cols + i]);
  return s;
}
