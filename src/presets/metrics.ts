/** Helpers shared by preset metrics. */
import { ConfigError } from "../core/errors.js";
import type { Measure } from "../measures/types.js";

/** The coordinates of a 1D particle measure. */
export function particleCoordinates(m: Measure): Float64Array {
  if (m.kind !== "particles" || m.d !== 1)
    throw new ConfigError(`this metric needs 1D particles, got ${m.kind}`);
  return m.x;
}
