/** Exact W2 between weighted point clouds: cost matrix + network simplex. */
import type { Meter } from "../core/meter.js";
import { type Cloud, sameDimension, squaredDistances } from "./cloud.js";
import { type ExactTransport, networkSimplex } from "./networkSimplex.js";
import { w2Squared1d } from "./oneD.js";

/** The optimal plan and duals; `cost` is W2². In 1D the monotone coupling is used instead when `plan` is not needed. */
export function exactTransport(a: Cloud, b: Cloud, meter?: Meter): ExactTransport {
  sameDimension(a, b);
  return networkSimplex(a.w, b.w, squaredDistances(a, b), { meter });
}

/** W2² exactly; `meter` is told the simplex's pivots as they are made. */
export function w2SquaredExact(a: Cloud, b: Cloud, meter?: Meter): number {
  sameDimension(a, b);
  return a.d === 1 ? w2Squared1d(a, b) : exactTransport(a, b, meter).cost;
}
