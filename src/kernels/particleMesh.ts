/**
 * Particle–mesh summation of the interaction velocity in 2D, for N ≥ 10⁵ where even the
 * SIMD pair sum costs seconds: deposit the particles' masses on a grid with cloud-in-cell
 * (bilinear) weights, convolve with the two components of −∇W by zero-padded FFT, and
 * interpolate back with the same weights. Cost O(N + G log G) for G cells. For a smooth
 * kernel the deposit–interpolate pair is second order: the error is O(h²‖∇³W‖) (measured
 * in bench/particleMesh.ts and test/kernels/particleMesh.test.ts); the grid spacing is the
 * accuracy knob. Kernels singular at 0 are refused (the grid cannot resolve them).
 */
import { ConfigError } from "../core/errors.js";
import { gridConvolver } from "../core/fft.js";
import type { Particles } from "../measures/types.js";

/** What the sum needs of a radial kernel W(x) = w(|x|²) with ∇W = c(|x|²)·x. */
export interface MeshKernel {
  readonly name: string;
  c(r2: number): number;
  readonly singularAtZero: boolean;
}

export function particleMeshVelocity(kernel: MeshKernel, p: Particles, h: number): Float64Array {
  const { n, d, x, weights } = p;
  if (d !== 2) throw new ConfigError(`the particle–mesh sum is 2D, got d = ${d}`);
  if (kernel.singularAtZero)
    throw new ConfigError(
      `the particle–mesh sum needs a kernel defined at 0; "${kernel.name}" is singular`,
      "use the pair sum (interactionVelocity)",
    );
  if (!(h > 0)) throw new ConfigError(`the mesh spacing must be > 0, got ${h}`);
  let [lo0, lo1, hi0, hi1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    lo0 = Math.min(lo0, x[2 * i]);
    hi0 = Math.max(hi0, x[2 * i]);
    lo1 = Math.min(lo1, x[2 * i + 1]);
    hi1 = Math.max(hi1, x[2 * i + 1]);
  }
  // Node j sits at lo + j·h; one spare node on each side keeps every stencil inside.
  const ny = Math.ceil((hi0 - lo0) / h) + 3;
  const nx = Math.ceil((hi1 - lo1) / h) + 3;
  if (ny * nx > 2 ** 24)
    throw new ConfigError(
      `the mesh would have ${ny}×${nx} nodes`,
      "use a larger spacing h, or the pair sum for clouds this spread out",
    );
  const o0 = lo0 - h;
  const o1 = lo1 - h;
  const mass = new Float64Array(ny * nx);
  const cell = new Int32Array(n);
  const frac = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const u = (x[2 * i] - o0) / h;
    const v = (x[2 * i + 1] - o1) / h;
    const a = Math.floor(u);
    const b = Math.floor(v);
    const fu = u - a;
    const fv = v - b;
    cell[i] = a * nx + b;
    frac[2 * i] = fu;
    frac[2 * i + 1] = fv;
    const w = (weights ? weights[i] : 1 / n) / (h * h); // mass → nodal density
    mass[a * nx + b] += w * (1 - fu) * (1 - fv);
    mass[a * nx + b + 1] += w * (1 - fu) * fv;
    mass[(a + 1) * nx + b] += w * fu * (1 - fv);
    mass[(a + 1) * nx + b + 1] += w * fu * fv;
  }
  // −∇W(δ) = −c(|δ|²)δ, one convolution per component
  const field = [0, 1].map((axis) => {
    const conv = gridConvolver(ny, nx, h, h, (dy, dx) => {
      const c = kernel.c(dy * dy + dx * dx);
      return -c * (axis === 0 ? dy : dx);
    });
    return conv(mass, new Float64Array(ny * nx));
  });
  const v = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const k = cell[i];
    const fu = frac[2 * i];
    const fv = frac[2 * i + 1];
    for (let axis = 0; axis < 2; axis++) {
      const f = field[axis];
      v[2 * i + axis] =
        f[k] * (1 - fu) * (1 - fv) +
        f[k + 1] * (1 - fu) * fv +
        f[k + nx] * fu * (1 - fv) +
        f[k + nx + 1] * fu * fv;
    }
  }
  return v;
}
