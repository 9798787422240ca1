/** Checks on a state after each step: is every number finite and in range? */
import { allFinite, maxAbs } from "../core/reduce.js";
import type { Measure } from "../measures/types.js";

/** Coordinates beyond this magnitude are treated as an overflow in progress. */
export const BLOW_UP = 1e100;

function valuesOf(m: Measure): Float64Array {
  switch (m.kind) {
    case "particles":
      return m.x;
    case "grid":
      return m.density;
    case "quantile1d":
      return m.values;
    case "gaussian":
      return Float64Array.from([...m.mean, ...m.cov.data]);
  }
}

/** A description of what is wrong with the state, or undefined when it is healthy. */
export function measureFault(m: Measure): string | undefined {
  const v = valuesOf(m);
  if (!allFinite(v)) return "NaN or Infinity in the state";
  const big = maxAbs(v);
  if (big > BLOW_UP) return `values reached ${big.toExponential(1)}`;
  return undefined;
}
