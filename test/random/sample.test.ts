import { describe, expect, it } from "vitest";
import { foldIn, key, split } from "../../src/random/key.js";
import { multivariateNormal, normal, uniform, uniform01 } from "../../src/random/sample.js";
import { threefry2x32 } from "../../src/random/threefry.js";
import { normalCdf } from "../../src/core/special.js";
import { fromRows } from "../../src/core/matrix.js";
import { ConfigError } from "../../src/core/errors.js";
import { KS_CRITICAL_0001, meanVar } from "../helpers.js";

function ksStatistic(x: Float64Array, cdf: (v: number) => number): number {
  const s = Float64Array.from(x).sort();
  let d = 0;
  for (let i = 0; i < s.length; i++)
    d = Math.max(d, Math.abs(cdf(s[i]) - i / s.length), Math.abs((i + 1) / s.length - cdf(s[i])));
  return d;
}

const N = 100_000;

describe("samplers", () => {
  it("uniform: moments and KS test", () => {
    // oracle: U(0,1) has mean 1/2, variance 1/12; tol 5 standard errors; KS at α = 0.001
    const u = uniform01(key(1), N);
    const [m, v] = meanVar(u);
    expect(Math.abs(m - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(v - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / N));
    expect(ksStatistic(u, (x) => x) * Math.sqrt(N)).toBeLessThan(KS_CRITICAL_0001);
    for (const x of u) expect(x > 0 && x < 1).toBe(true);
  });

  it("normal: moments and KS test", () => {
    // oracle: N(0,1): mean 0, var 1 (se √(2/N)), kurtosis 3; KS at α = 0.001
    const z = normal(key(2), N);
    const [m, v] = meanVar(z);
    expect(Math.abs(m)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(v - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    const k4 = z.reduce((s, x) => s + x ** 4, 0) / N;
    expect(Math.abs(k4 - 3)).toBeLessThan(5 * Math.sqrt(96 / N));
    expect(ksStatistic(z, normalCdf) * Math.sqrt(N)).toBeLessThan(KS_CRITICAL_0001);
  });

  it("streams are reproducible and prefix-stable", () => {
    // oracle: counter-based generation — element i depends only on (key, i)
    expect(normal(key(3), 5)).toEqual(normal(key(3), 11).subarray(0, 5));
    expect(uniform01(key(3), 4)).toEqual(uniform01(key(3), 4));
    expect(uniform01(key(3), 4)).not.toEqual(uniform01(key(4), 4));
  });

  it("draw exactly what the TypeScript Threefry and Box–Muller draw, into arrays or new ones", () => {
    // oracle: the samplers as written on src/random/threefry.ts alone (uniform i from counter
    // (⌊i/2³²⌋, i mod 2³²), 53 bits; normals from pairs): the WebAssembly Threefry (four
    // counters at a time, chunks of 8192) must give the same doubles, bit for bit
    const reference = (k: readonly [number, number], n: number) => {
      const u = new Float64Array(n);
      const w = new Uint32Array(2);
      for (let i = 0; i < n; i++) {
        threefry2x32(k[0], k[1], Math.floor(i / 2 ** 32), i >>> 0, w);
        u[i] = ((w[0] >>> 5) * 67108864 + (w[1] >>> 6) + 0.5) * 2 ** -53;
      }
      return u;
    };
    for (const n of [0, 1, 2, 3, 15, 16, 17, 31, 8191, 8192, 8193, 20001]) {
      const k = foldIn(key(11), n);
      const u = reference(k, 2 * Math.ceil(n / 2));
      expect(Array.from(uniform01(k, n)), `n = ${n}`).toEqual(Array.from(u.subarray(0, n)));
      const z = new Float64Array(n);
      for (let p = 0; 2 * p < n; p++) {
        const r = Math.sqrt(-2 * Math.log(u[2 * p]));
        const angle = 2 * Math.PI * u[2 * p + 1];
        z[2 * p] = r * Math.cos(angle);
        if (2 * p + 1 < n) z[2 * p + 1] = r * Math.sin(angle);
      }
      expect(Array.from(normal(k, n)), `n = ${n}`).toEqual(Array.from(z));
      const into = new Float64Array(n);
      expect(normal(k, n, into)).toBe(into);
      expect(Array.from(into)).toEqual(Array.from(z));
    }
    for (const k of [key(0), key(2 ** 40 + 7), [0xffffffff, 0xffffffff] as const])
      expect(Array.from(uniform01(k, 37))).toEqual(Array.from(reference(k, 37)));
    expect(() => normal(key(0), 4, new Float64Array(3))).toThrow(ConfigError);
  });

  it("split and foldIn give distinct, reproducible keys", () => {
    const [a, b] = split(key(0));
    expect(a).not.toEqual(b);
    expect(split(key(0))).toEqual([a, b]);
    expect(foldIn(key(0), 7)).toEqual(foldIn(key(0), 7));
    expect(foldIn(key(0), 7)).not.toEqual(foldIn(key(0), 8));
    // Streams of sibling keys are uncorrelated: |corr| < 5/√n.
    const x = normal(a, N);
    const y = normal(b, N);
    const corr = x.reduce((s, v, i) => s + v * y[i], 0) / N;
    expect(Math.abs(corr)).toBeLessThan(5 / Math.sqrt(N));
  });

  it("multivariate normal has the requested covariance", () => {
    // oracle: sample covariance → Σ; tol 5 standard errors (se of cov_ij ≈ √((Σ_ii Σ_jj + Σ_ij²)/N))
    const cov = fromRows([
      [2, 0.8],
      [0.8, 1],
    ]);
    const x = multivariateNormal(key(5), N, [1, -1], cov);
    const c01 =
      Array.from({ length: N }, (_, i) => (x[2 * i] - 1) * (x[2 * i + 1] + 1)).reduce(
        (s, v) => s + v,
        0,
      ) / N;
    expect(Math.abs(c01 - 0.8)).toBeLessThan(5 * Math.sqrt((2 + 0.64) / N));
  });

  it("rejects bad arguments with named errors", () => {
    expect(() => key(-1)).toThrow(ConfigError);
    expect(() => key(1.5)).toThrow(ConfigError);
    expect(() => uniform(key(0), 3, 1, 1)).toThrow(ConfigError);
    expect(() => normal(key(0), -2)).toThrow(ConfigError);
  });
});
