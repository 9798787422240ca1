/** Velocity fields at particles for the potential and interaction parts of F. */
import { ConfigError, NumericalError } from "../core/errors.js";
import type { Particles } from "../measures/types.js";
import type { Energy, InteractionTerm, PotentialTerm, RadialKernel } from "./types.js";
import { gaussianAttractionKernel, logKernel, quadraticKernel, ringKernel } from "./interaction.js";
import { polynomialVelocity } from "../kernels/polynomialSums.js";
import { type PairKind, gaussianPointScale, pairSums } from "../kernels/pairSums.js";
import { distanceKernel } from "./mmd.js";
import { addSampleVelocity } from "./samplePotential.js";

export function checkPotentialDimension(f: Energy, d: number): void {
  for (const t of f.terms)
    if (t.type === "potential" && t.dim !== undefined && t.dim !== d)
      throw new ConfigError(
        `potential "${t.name}" is ${t.dim}-dimensional but the measure is ${d}-dimensional`,
        "make the initial measure and the potential agree in dimension",
      );
}

/** Adds −scale·∇V(x_i) to v for every particle (a potential of samples by their sums). */
function addPotentialVelocity(t: PotentialTerm, p: Particles, v: Float64Array): void {
  if (addSampleVelocity(t, p, v)) return;
  const { n, d, x } = p;
  const g = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    t.grad(x.subarray(i * d, (i + 1) * d), g);
    for (let a = 0; a < d; a++) v[i * d + a] -= t.scale * g[a];
  }
}

/**
 * The WebAssembly pair sum behind a kernel's Σ_j c(r²)(x_i − x_j), if it has one: its kind,
 * the scale of the points it runs on, and the factor that turns its sums into those of c.
 * The Gaussian of width s is e^{−r²} on y = x/(√2 s), where Σ_j c(r²)(x_i − x_j) =
 * −2·inv·Σ_j e^{−|y_i − y_j|²}(y_i − y_j)/√inv, inv = 1/(2s²): the KDE's pair sum. The
 * distance −r has c = −1/r.
 */
function fastPairs(kernel: RadialKernel): { kind: PairKind; scale: number; factor: number } | null {
  if (kernel === gaussianAttractionKernel) return { kind: "gauss", scale: 1, factor: 1 };
  if (kernel === logKernel) return { kind: "log", scale: 1, factor: 1 };
  if (kernel === distanceKernel) return { kind: "distance", scale: 1, factor: -1 };
  if (kernel.gaussianWidth === undefined) return null;
  const root = gaussianPointScale(kernel.gaussianWidth);
  return { kind: "kde", scale: root, factor: -2 * root };
}

/**
 * v_i = −Σ_{j≠i} w_j ∇W(x_i − x_j) (w_j = 1/N unweighted): the velocity −∇W∗ρ of the
 * ½∬W energy. The ring and quadratic kernels are polynomials and sum exactly in O(N·d²) by
 * moments (kernels/polynomialSums.ts); unweighted particles in d ≤ 3 under the
 * Gaussian-attraction, log and distance kernels, and the Gaussian of any width (the MMD's, on scaled
 * points), take the WebAssembly SIMD pair sum (kernels/pairSums.ts); everything else, and
 * any non-finite result (so that coincident points get their named error), the reference
 * loop below.
 */
export function interactionVelocity(
  kernel: RadialKernel,
  p: Particles,
  out = new Float64Array(p.n * p.d),
  scale = 1,
): Float64Array {
  // The polynomial kernels sum exactly in O(N) by moments (kernels/polynomialSums.ts).
  if (kernel === ringKernel) return polynomialVelocity("ring", p, out, scale);
  if (kernel === quadraticKernel) return polynomialVelocity("quadratic", p, out, scale);
  const fast = fastPairs(kernel);
  if (fast && !p.weights) {
    const sums = pairSums(fast.kind, p.x, p.n, p.d, fast.scale);
    if (sums && sums.out.every(Number.isFinite)) {
      const { n, d } = p;
      const factor = (scale / n) * fast.factor;
      for (let i = 0; i < n; i++)
        for (let a = 0; a < d; a++) out[i * d + a] -= factor * sums.out[a * n + i];
      return out;
    }
  }
  return interactionVelocityReference(kernel, p, out, scale);
}

/** The reference O(N²) loop of interactionVelocity, for every kernel and weights. */
export function interactionVelocityReference(
  kernel: RadialKernel,
  p: Particles,
  out = new Float64Array(p.n * p.d),
  scale = 1,
): Float64Array {
  const { n, d, x, weights } = p;
  const diff = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) diff[a] = 0;
    const acc = new Float64Array(d);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let r2 = 0;
      for (let a = 0; a < d; a++) {
        diff[a] = x[i * d + a] - x[j * d + a];
        r2 += diff[a] * diff[a];
      }
      if (kernel.singularAtZero && r2 === 0)
        throw new NumericalError(
          `particles ${i} and ${j} coincide under the singular kernel "${kernel.name}"`,
          "start from distinct points (e.g. jitter the initial sample)",
        );
      const c = kernel.c(r2) * (weights ? weights[j] : 1 / n);
      for (let a = 0; a < d; a++) acc[a] += c * diff[a];
    }
    for (let a = 0; a < d; a++) out[i * d + a] -= scale * acc[a];
  }
  return out;
}

/** −∇(δF/δρ) at each particle for the potential and interaction terms (internal terms excluded). */
export function transportVelocity(f: Energy, p: Particles): Float64Array {
  const v = new Float64Array(p.n * p.d);
  for (const t of f.terms) {
    if (t.type === "potential") addPotentialVelocity(t, p, v);
    else if (t.type === "interaction")
      interactionVelocity((t as InteractionTerm).kernel, p, v, t.scale);
  }
  return v;
}

/**
 * −∇(δF/δρ) at an arbitrary point y for the potential and interaction terms, with ρ the
 * particles p (every particle counts; a singular kernel skips only exact coincidences).
 */
export function transportVelocityAt(
  f: Energy,
  p: Particles,
  y: Float64Array,
  out: Float64Array,
): Float64Array {
  const { n, d, x, weights } = p;
  out.fill(0);
  const g = new Float64Array(d);
  for (const t of f.terms) {
    if (t.type === "potential") {
      t.grad(y, g);
      for (let a = 0; a < d; a++) out[a] -= t.scale * g[a];
    } else if (t.type === "interaction") {
      for (let j = 0; j < n; j++) {
        let r2 = 0;
        for (let a = 0; a < d; a++) r2 += (y[a] - x[j * d + a]) ** 2;
        if (r2 === 0 && t.kernel.singularAtZero) continue;
        const c = t.scale * t.kernel.c(r2) * (weights ? weights[j] : 1 / n);
        for (let a = 0; a < d; a++) out[a] -= c * (y[a] - x[j * d + a]);
      }
    }
  }
  return out;
}
