/** Helpers shared by preset metrics. */
import { ConfigError } from "../core/errors.js";
import type { Measure } from "../measures/types.js";

/** The coordinates of a 1D particle measure. */
export function particleCoordinates(m: Measure): Float64Array {
  if (m.kind !== "particles" || m.d !== 1)
    throw new ConfigError(`this metric needs 1D particles, got ${m.kind}`);
  return m.x;
}

/** W2 between 1D particles (equal weights) and a quantile function, by sorting. */
export function w2ParticlesToQuantile(m: Measure, quantile: (s: number) => number): number {
  const xs = Float64Array.from(particleCoordinates(m)).sort();
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - quantile((i + 0.5) / xs.length)) ** 2;
  return Math.sqrt(s / xs.length);
}
