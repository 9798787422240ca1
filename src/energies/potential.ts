/** Potential energies ∫ V dρ: user-supplied and named. */
import { ConfigError } from "../core/errors.js";
import { cholesky } from "../core/linalg.js";
import { type Matrix, asymmetry, fromRows, matrix } from "../core/matrix.js";
import type { Energy, PotentialTerm } from "./types.js";

function single(term: PotentialTerm): Energy {
  return { terms: [term] };
}

/** A user potential with its gradient. */
export function potential(options: {
  value: (x: Float64Array) => number;
  grad: (x: Float64Array, out: Float64Array) => void;
  name?: string;
  dim?: number;
}): Energy {
  return single({ type: "potential", name: options.name ?? "custom", scale: 1, ...options });
}

/** V(x) = ½ (x − b)ᵀ A (x − b), A symmetric positive definite: the OU potential. */
export function quadratic(options: {
  A: Matrix | readonly (readonly number[])[];
  b: ArrayLike<number>;
}): Energy {
  const a =
    "data" in options.A
      ? matrix(options.A.rows, options.A.cols, options.A.data)
      : fromRows(options.A);
  const b = Float64Array.from(options.b);
  const d = b.length;
  if (a.rows !== d || a.cols !== d)
    throw new ConfigError(`quadratic potential: A is ${a.rows}×${a.cols} but b has ${d} entries`);
  if (asymmetry(a) > 1e-12) throw new ConfigError("quadratic potential: A must be symmetric");
  cholesky(a);
  const diff = new Float64Array(d);
  const grad = (x: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < d; i++) diff[i] = x[i] - b[i];
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += a.data[i * d + j] * diff[j];
      out[i] = s;
    }
  };
  const g = new Float64Array(d);
  return single({
    type: "potential",
    name: "quadratic",
    scale: 1,
    dim: d,
    grad,
    quadratic: { A: Float64Array.from(a.data), b: Float64Array.from(b) },
    value: (x) => {
      grad(x, g);
      let s = 0;
      for (let i = 0; i < d; i++) s += (x[i] - b[i]) * g[i];
      return 0.5 * s;
    },
  });
}

function radialPotential(
  name: string,
  v: (r2: number) => number,
  c: (r2: number) => number,
): Energy {
  const norm2 = (x: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * x[i];
    return s;
  };
  return single({
    type: "potential",
    name,
    scale: 1,
    value: (x) => v(norm2(x)),
    grad: (x, out) => {
      const k = c(norm2(x));
      for (let i = 0; i < x.length; i++) out[i] = k * x[i];
    },
  });
}

/** V(x) = (|x|² − 1)²: the double well (x² − 1)² in 1D. */
export function doubleWell(): Energy {
  return radialPotential(
    "double-well",
    (r2) => (r2 - 1) ** 2,
    (r2) => 4 * (r2 - 1),
  );
}

/** V(x) = |x|⁴/4. */
export function quartic(): Energy {
  return radialPotential(
    "quartic",
    (r2) => (r2 * r2) / 4,
    (r2) => r2,
  );
}
