/** The value F(ρ) of an energy on any measure kind. */
import { polynomialEnergy } from "../kernels/polynomialSums.js";
import { gaussianPointScale, pairEnergySums } from "../kernels/pairSums.js";
import { gaussianAttractionKernel, logKernel, quadraticKernel, ringKernel } from "./interaction.js";
import { distanceKernel } from "./mmd.js";
import { sampleValues } from "./samplePotential.js";
import { ConfigError } from "../core/errors.js";
import { logDetSpd } from "../core/linalg.js";
import { stableSum } from "../core/reduce.js";
import { cellCentre, cellVolume, particles } from "../measures/construct.js";
import { kde, sample, silvermanBandwidth } from "../measures/convert.js";
import { moments } from "../measures/moments.js";
import type { Gaussian, Grid, Measure, Particles } from "../measures/types.js";
import { type Key, key } from "../random/key.js";
import { spacingEntropy } from "./entropyEstimate.js";
import type { Energy, InternalTerm, PotentialTerm, RadialKernel } from "./types.js";

/**
 * How ∫U(ρ) is estimated from particles: m-spacings (1D entropy only), a KDE on a
 * grid (d ≤ 2), or a moment-matched Gaussian. "auto" picks spacings for the 1D
 * entropy, a KDE for d ≤ 2, a Gaussian above.
 */
export type InternalEstimator = "spacing" | "kde" | "gaussian" | "auto";

export interface EvaluateOptions {
  internalEstimator?: InternalEstimator;
  /** Samples drawn from a Gaussian measure to evaluate non-closed-form terms. */
  gaussianSamples?: number;
  /** The key of those samples (flow() passes one derived from the run's key). */
  key?: Key;
}

function potentialOnParticles(t: PotentialTerm, p: Particles): number {
  const values = sampleValues(t, p); // a potential of samples: all values by their sums
  const vals = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++)
    vals[i] =
      (values ? values[i] : t.value(p.x.subarray(i * p.d, (i + 1) * p.d))) *
      (p.weights ? p.weights[i] : 1 / p.n);
  return stableSum(vals);
}

/**
 * The Gaussian, distance and log kernels' energies from WebAssembly pair sums (null: use the
 * loop). W is Σe^{−r²}/over for the Gaussian attraction (over = −π) and for the Gaussian of
 * width s on the points scaled by 1/(√2 s) (over = 1), and −Σr for the distance.
 */
function fastPairEnergy(kernel: RadialKernel, p: Particles): number | null {
  const fast =
    kernel === gaussianAttractionKernel
      ? { kind: "gauss" as const, scale: 1, over: -Math.PI }
      : kernel.gaussianWidth !== undefined
        ? { kind: "gauss" as const, scale: gaussianPointScale(kernel.gaussianWidth), over: 1 }
        : kernel === distanceKernel
          ? { kind: "distance" as const, scale: 1, over: -1 }
          : kernel === logKernel
            ? { kind: "log" as const, scale: 1, over: 1 }
            : null;
  if (fast === null) return null;
  const s = pairEnergySums(fast.kind, p.x, p.n, p.d, { scale: fast.scale });
  if (s === null) return null;
  const pairs = fast.kind === "log" ? 0.5 * s.sum - 0.5 * s.logSum : s.sum / fast.over;
  return pairs / (p.n * p.n);
}

/** ½ Σ_{i≠j} w_i w_j W(x_i − x_j): the diagonal is left out so that singular kernels stay finite. */
export function interactionOnParticles(kernel: RadialKernel, p: Particles): number {
  // The polynomial kernels sum exactly in O(N) by moments, like their velocities.
  if (kernel === ringKernel) return polynomialEnergy("ring", p);
  if (kernel === quadraticKernel) return polynomialEnergy("quadratic", p);
  const fast = p.weights ? null : fastPairEnergy(kernel, p);
  if (fast !== null) return fast;
  const { n, d, x, weights } = p;
  const rows = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i + 1; j < n; j++) {
      let r2 = 0;
      for (let a = 0; a < d; a++) r2 += (x[i * d + a] - x[j * d + a]) ** 2;
      s += kernel.w(r2) * (weights ? weights[j] : 1 / n);
    }
    rows[i] = s * (weights ? weights[i] : 1 / n);
  }
  return stableSum(rows); // ½ · 2 · Σ_{i<j}
}

function internalOnGrid(t: InternalTerm, g: Grid): number {
  const vals = Float64Array.from(g.density, (r) => t.u(r));
  return stableSum(vals) * cellVolume(g);
}

/** Closed forms on a Gaussian: −½ log det(2πeΣ) for the entropy, ∫ρ^m for the porous medium. */
function internalOnGaussian(t: InternalTerm, m: Pick<Gaussian, "d" | "cov">): number {
  const logDet = logDetSpd(m.cov);
  if (t.name === "entropy") return -0.5 * (m.d * Math.log(2 * Math.PI * Math.E) + logDet);
  const e = t.m as number;
  const logIntegral =
    (-m.d * (e - 1) * Math.log(2 * Math.PI) - (e - 1) * logDet - m.d * Math.log(e)) / 2;
  return Math.exp(logIntegral) / (e - 1);
}

function kdeBox(p: Particles): { lower: number[]; upper: number[]; shape: number[] } {
  const h = silvermanBandwidth(p);
  const lower: number[] = [];
  const upper: number[] = [];
  for (let a = 0; a < p.d; a++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < p.n; i++) {
      lo = Math.min(lo, p.x[i * p.d + a]);
      hi = Math.max(hi, p.x[i * p.d + a]);
    }
    lower.push(lo - 5 * h[a]);
    upper.push(hi + 5 * h[a]);
  }
  return { lower, upper, shape: p.d === 1 ? [1024] : [128, 128] };
}

function internalOnParticles(t: InternalTerm, p: Particles, estimator: InternalEstimator): number {
  const spacingFits = p.d === 1 && t.name === "entropy" && !p.weights;
  const use =
    estimator === "auto" ? (spacingFits ? "spacing" : p.d <= 2 ? "kde" : "gaussian") : estimator;
  if (use === "spacing") {
    if (!spacingFits)
      throw new ConfigError(
        "the spacing estimator is for the entropy of unweighted 1D particles",
        'use "kde"',
      );
    return -spacingEntropy(p.x);
  }
  if (use === "gaussian") {
    const { cov } = moments(p);
    return internalOnGaussian(t, { d: p.d, cov });
  }
  if (p.d > 2)
    throw new ConfigError(
      `a KDE estimate of ∫U(ρ) is offered for d ≤ 2, got d = ${p.d}`,
      'use internalEstimator "gaussian"',
    );
  return internalOnGrid(t, kde(p, kdeBox(p)));
}

function potentialOnGrid(t: PotentialTerm, g: Grid): number {
  const pt = new Float64Array(g.d);
  let s = 0;
  for (let idx = 0; idx < g.density.length; idx++) {
    let rest = idx;
    for (let a = g.d - 1; a >= 0; a--) {
      pt[a] = cellCentre(g, a, rest % g.shape[a]);
      rest = Math.floor(rest / g.shape[a]);
    }
    s += t.value(pt) * g.density[idx];
  }
  return s * cellVolume(g);
}

/** F(ρ). Terms without a closed form on the measure kind are estimated (see EvaluateOptions). */
export function energyValue(f: Energy, m: Measure, options: EvaluateOptions = {}): number {
  const estimator = options.internalEstimator ?? "auto";
  let asParticles: Particles | undefined;
  const particlesOf = (): Particles => {
    if (m.kind === "particles") return m;
    if (m.kind === "quantile1d") return (asParticles ??= particles(m.values, 1));
    asParticles ??= sample(m, options.gaussianSamples ?? 20000, options.key ?? key(0));
    return asParticles;
  };
  let total = 0;
  for (const t of f.terms) {
    let v: number;
    if (t.type === "internal") {
      if (m.kind === "grid") v = internalOnGrid(t, m);
      else if (m.kind === "gaussian") v = internalOnGaussian(t, m);
      else v = internalOnParticles(t, particlesOf(), estimator);
    } else if (t.type === "potential") {
      v = m.kind === "grid" ? potentialOnGrid(t, m) : potentialOnParticles(t, particlesOf());
    } else if (t.type === "interaction") {
      v = interactionOnParticles(t.kernel, particlesOf());
    } else
      throw new ConfigError(
        `the ${t.type} term has no general estimator`,
        "run it with a scheme made for it, which reports its own energy",
      );
    total += t.scale * v;
  }
  return total;
}
