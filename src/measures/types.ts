/** Measures are data: a tagged union, converted by explicit functions. */
import type { Matrix } from "../core/matrix.js";

/** N points in R^d, row-major N×d, with optional non-negative weights summing to 1. */
export interface Particles {
  readonly kind: "particles";
  readonly n: number;
  readonly d: number;
  readonly x: Float64Array;
  readonly weights?: Float64Array;
}

/** N(mean, cov). */
export interface Gaussian {
  readonly kind: "gaussian";
  readonly d: number;
  readonly mean: Float64Array;
  readonly cov: Matrix;
}

/**
 * A density sampled at cell centres of a box split into `shape` cells (d = 1 or 2,
 * row-major with the last axis fastest). `Σ density · cellVolume` is the mass.
 */
export interface Grid {
  readonly kind: "grid";
  readonly d: number;
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  readonly shape: readonly number[];
  readonly density: Float64Array;
}

/** A 1D probability measure by its quantile function at s_i = (i + ½)/n, non-decreasing. */
export interface Quantile1d {
  readonly kind: "quantile1d";
  readonly values: Float64Array;
}

export type Measure = Particles | Gaussian | Grid | Quantile1d;

export function dimensionOf(m: Measure): number {
  return m.kind === "quantile1d" ? 1 : m.d;
}
