import { describe, expect, it } from "vitest";
import {
  arcCosineGradient,
  arcCosineKernel,
  networkRisk,
  networkVelocity,
} from "../../src/schemes/meanFieldNetwork.js";
import { normal } from "../../src/random/sample.js";
import { key } from "../../src/random/key.js";
import type { Particles } from "../../src/measures/types.js";

const relu = (s: number) => Math.max(0, s);

describe("mean-field two-layer ReLU network", () => {
  it("the arc-cosine kernel is E[ReLU(w·z)ReLU(w'·z)] for z ~ N(0, I₂)", () => {
    // oracle: Monte Carlo with 4·10⁵ samples; tol 5 standard errors of the sample mean
    const z = normal(key(11), 2 * 400_000);
    for (const [w, v] of [
      [
        [1, 0],
        [0.3, 0.8],
      ],
      [
        [0.5, -1],
        [-0.7, 0.2],
      ],
    ]) {
      let s = 0;
      let s2 = 0;
      const n = z.length / 2;
      for (let i = 0; i < n; i++) {
        const f =
          relu(w[0] * z[2 * i] + w[1] * z[2 * i + 1]) * relu(v[0] * z[2 * i] + v[1] * z[2 * i + 1]);
        s += f;
        s2 += f * f;
      }
      const mean = s / n;
      const se = Math.sqrt((s2 / n - mean * mean) / n);
      expect(Math.abs(arcCosineKernel(w[0], w[1], v[0], v[1]) - mean)).toBeLessThan(5 * se);
    }
  });

  it("its gradient and the particle velocities match finite differences of the exact risk", () => {
    // oracle: central differences (h = 1e-6) of arcCosineKernel and of networkRisk; the
    // particle velocity is −n ∂F/∂x_i (the Wasserstein particle metric). Tol 1e-7 (O(h²) and
    // rounding/h).
    const g = new Float64Array(2);
    arcCosineGradient(0.4, -0.9, 0.7, 0.3, g);
    const h = 1e-6;
    expect(
      Math.abs(
        g[0] -
          (arcCosineKernel(0.4 + h, -0.9, 0.7, 0.3) - arcCosineKernel(0.4 - h, -0.9, 0.7, 0.3)) /
            (2 * h),
      ),
    ).toBeLessThan(1e-7);
    expect(
      Math.abs(
        g[1] -
          (arcCosineKernel(0.4, -0.9 + h, 0.7, 0.3) - arcCosineKernel(0.4, -0.9 - h, 0.7, 0.3)) /
            (2 * h),
      ),
    ).toBeLessThan(1e-7);
    const teacher = { directions: Float64Array.of(1, 0, 0, 1) };
    const n = 5;
    const p: Particles = { kind: "particles", n, d: 3, x: normal(key(4), 3 * n) };
    const v = networkVelocity(p, teacher, true);
    for (let k = 0; k < 3 * n; k++) {
      const up = Float64Array.from(p.x);
      const down = Float64Array.from(p.x);
      up[k] += h;
      down[k] -= h;
      const dF =
        (networkRisk({ ...p, x: up }, teacher) - networkRisk({ ...p, x: down }, teacher)) / (2 * h);
      expect(Math.abs(v[k] + n * dF)).toBeLessThan(1e-7);
    }
  });

  it("a student equal to the teacher has zero risk and does not move", () => {
    // oracle: G_α = G* exactly; rounding only
    const teacher = { directions: Float64Array.of(1, 0, -0.6, 0.8) };
    const p: Particles = {
      kind: "particles",
      n: 2,
      d: 3,
      x: Float64Array.of(1, 0, 1, -0.6, 0.8, 1),
    };
    expect(Math.abs(networkRisk(p, teacher))).toBeLessThan(1e-15);
    for (const vk of networkVelocity(p, teacher, true)) expect(Math.abs(vk)).toBeLessThan(1e-15);
  });

  it("its velocity and risk are the pairwise kernel functions' sums, bit for bit", () => {
    // oracle: the sums written with arcCosineKernel and arcCosineGradient, pair by pair (the
    // scheme computes each pair's norms, angle and sine once; the numbers must not change),
    // with a neuron at w = 0 among them
    const n = 60;
    const x = normal(key(5), 3 * n);
    [x[0], x[1]] = [0, 0];
    const p: Particles = { kind: "particles", n, d: 3, x };
    const t = Float64Array.from([1, 0, 0, 1, -0.6, -0.8]);
    const m = t.length / 2;
    const g = new Float64Array(2);
    const expected = new Float64Array(3 * n);
    let [quad, lin, self] = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const [w0, w1, a] = [x[3 * i], x[3 * i + 1], x[3 * i + 2]];
      let [r, gw0, gw1] = [0, 0, 0];
      for (let j = 0; j < n; j++) {
        const aj = x[3 * j + 2] / n;
        r += aj * arcCosineKernel(w0, w1, x[3 * j], x[3 * j + 1]);
        arcCosineGradient(w0, w1, x[3 * j], x[3 * j + 1], g);
        gw0 += aj * g[0];
        gw1 += aj * g[1];
        quad += a * x[3 * j + 2] * arcCosineKernel(w0, w1, x[3 * j], x[3 * j + 1]);
      }
      for (let k = 0; k < m; k++) {
        r -= arcCosineKernel(w0, w1, t[2 * k], t[2 * k + 1]) / m;
        arcCosineGradient(w0, w1, t[2 * k], t[2 * k + 1], g);
        gw0 -= g[0] / m;
        gw1 -= g[1] / m;
        lin += a * arcCosineKernel(w0, w1, t[2 * k], t[2 * k + 1]);
      }
      expected.set([-a * gw0, -a * gw1, -r], 3 * i);
    }
    for (let k = 0; k < m; k++)
      for (let l = 0; l < m; l++)
        self += arcCosineKernel(t[2 * k], t[2 * k + 1], t[2 * l], t[2 * l + 1]);
    const teacher = { directions: t };
    expect(networkVelocity(p, teacher, true)).toEqual(expected);
    expect(networkRisk(p, teacher)).toBe(
      (0.5 * quad) / (n * n) - lin / (n * m) + (0.5 * self) / (m * m),
    );
  });
});
