/**
 * Isotropic Gaussian mixtures π = Σ_k w_k N(μ_k, s_k I) as targets: log π and its gradient
 * (stable log-sum-exp), exact samples, and the potential V = −log π for KL(ρ‖π).
 */
import { ConfigError } from "../core/errors.js";
import { logSumExp } from "../core/reduce.js";
import type { Particles } from "../measures/types.js";
import { foldIn, type Key } from "../random/key.js";
import { normal, uniform } from "../random/sample.js";
import { potential } from "./potential.js";
import type { Energy } from "./types.js";

export interface MixtureComponent {
  weight: number;
  mean: readonly number[];
  /** Variance of every coordinate. */
  variance: number;
}

export interface Mixture {
  readonly d: number;
  logDensity(x: ArrayLike<number>): number;
  gradLogDensity(x: ArrayLike<number>, out: Float64Array): void;
  sample(n: number, key: Key): Particles;
  /** Mean and covariance (row-major d×d) in closed form. */
  mean(): Float64Array;
  covariance(): Float64Array;
  /** V = −log π as a potential energy, so that KL(ρ‖π) = sum(potential, entropy). */
  potential(): Energy;
}

export function gaussianMixture(components: readonly MixtureComponent[]): Mixture {
  if (!components.length) throw new ConfigError("a mixture needs at least one component");
  const d = components[0].mean.length;
  const total = components.reduce((s, c) => s + c.weight, 0);
  for (const c of components) {
    if (c.mean.length !== d)
      throw new ConfigError(`mixture means have different dimensions (${d} and ${c.mean.length})`);
    if (!(c.weight > 0) || !(c.variance > 0))
      throw new ConfigError("mixture weights and variances must be > 0");
  }
  const logW = components.map(
    (c) => Math.log(c.weight / total) - (d / 2) * Math.log(2 * Math.PI * c.variance),
  );
  const logs = new Float64Array(components.length);
  const terms = (x: ArrayLike<number>) => {
    components.forEach((c, k) => {
      let r2 = 0;
      for (let a = 0; a < d; a++) r2 += (x[a] - c.mean[a]) ** 2;
      logs[k] = logW[k] - r2 / (2 * c.variance);
    });
    return logs;
  };
  const logDensity = (x: ArrayLike<number>) => logSumExp(terms(x));
  const gradLogDensity = (x: ArrayLike<number>, out: Float64Array) => {
    const l = terms(x);
    const top = logSumExp(l);
    out.fill(0);
    components.forEach((c, k) => {
      const r = Math.exp(l[k] - top);
      for (let a = 0; a < d; a++) out[a] -= (r * (x[a] - c.mean[a])) / c.variance;
    });
  };
  const mean = () => {
    const m = new Float64Array(d);
    for (const c of components) for (let a = 0; a < d; a++) m[a] += (c.weight / total) * c.mean[a];
    return m;
  };
  return {
    d,
    logDensity,
    gradLogDensity,
    mean,
    covariance() {
      const m = mean();
      const cov = new Float64Array(d * d);
      for (const c of components)
        for (let a = 0; a < d; a++)
          for (let b = 0; b < d; b++)
            cov[a * d + b] +=
              (c.weight / total) *
              ((a === b ? c.variance : 0) + (c.mean[a] - m[a]) * (c.mean[b] - m[b]));
      return cov;
    },
    sample(n, key) {
      const u = uniform(foldIn(key, 0), n);
      const z = normal(foldIn(key, 1), n * d);
      const x = new Float64Array(n * d);
      for (let i = 0; i < n; i++) {
        let acc = 0;
        let k = 0;
        for (; k < components.length - 1; k++) {
          acc += components[k].weight / total;
          if (u[i] < acc) break;
        }
        const c = components[k];
        for (let a = 0; a < d; a++) x[i * d + a] = c.mean[a] + Math.sqrt(c.variance) * z[i * d + a];
      }
      return { kind: "particles", n, d, x };
    },
    potential: () =>
      potential({
        name: "-log-mixture",
        dim: d,
        value: (x) => -logDensity(x),
        grad: (x, out) => {
          gradLogDensity(x, out);
          for (let a = 0; a < d; a++) out[a] = -out[a];
        },
      }),
  };
}
