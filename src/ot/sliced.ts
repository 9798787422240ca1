/** Sliced W2: the root mean square of exact 1D W2 over random directions. */
import type { Meter } from "../core/meter.js";
import { ConfigError } from "../core/errors.js";
import type { Key } from "../random/key.js";
import { normal } from "../random/sample.js";
import { type Cloud, sameDimension } from "./cloud.js";
import { w2Squared1d } from "./oneD.js";

function project(c: Cloud, dir: Float64Array): Cloud {
  const x = new Float64Array(c.n);
  for (let i = 0; i < c.n; i++) {
    let s = 0;
    for (let k = 0; k < c.d; k++) s += c.x[i * c.d + k] * dir[k];
    x[i] = s;
  }
  return { n: c.n, d: 1, x, w: c.w };
}

/** SW2² = E_θ W2²(θ#α, θ#β) over θ uniform on the sphere, by `projections` directions from `key`. */
export function slicedW2Squared(
  a: Cloud,
  b: Cloud,
  key: Key,
  projections = 200,
  meter?: Meter,
): number {
  sameDimension(a, b);
  if (!Number.isInteger(projections) || projections < 1)
    throw new ConfigError(`projections must be a positive integer, got ${projections}`);
  const z = normal(key, projections * a.d);
  let total = 0;
  for (let p = 0; p < projections; p++) {
    const dir = z.subarray(p * a.d, (p + 1) * a.d);
    const norm = Math.hypot(...dir);
    for (let k = 0; k < a.d; k++) dir[k] /= norm;
    total += w2Squared1d(project(a, dir), project(b, dir));
    meter?.(p + 1, projections);
  }
  return total / projections;
}
