import { describe, expect, it } from "vitest";
import { GradientIcnn } from "../../src/nn/icnn.js";
import { Adam } from "../../src/nn/mlp.js";
import { key } from "../../src/random/key.js";
import { normal, uniform } from "../../src/random/sample.js";

/** A 2-layer ICNN with random positive output weights (fresh ones start with w = 0, T = id). */
function randomIcnn(d: number, precision: "f64" | "f32" = "f64"): GradientIcnn {
  const net = new GradientIcnn(d, 6, 3, key(11), 0.05, precision);
  const params = net.parameters();
  const L = 3;
  params[3 * L - 1].set(uniform(key(12), 6, 0.2, 1)); // w
  const B = params[3 * L];
  B.set(Float64Array.from(B, (v, i) => v + 0.3 * Math.sin(i + 1))); // a non-diagonal B
  params[3 * L + 1].set(normal(key(13), d)); // c
  return net;
}

const central = (f: () => number, poke: (delta: number) => void, h: number) => {
  poke(h);
  const up = f();
  poke(-2 * h);
  const down = f();
  poke(h);
  return (up - down) / (2 * h);
};

describe("gradient of an input-convex network (∇ICNN transport maps)", () => {
  it("starts at the identity", () => {
    // oracle: B = √(1−α)I, c = 0, w = 0 give ψ = |x|²/2 exactly; tol: rounding
    const net = new GradientIcnn(3, 8, 2, key(1));
    const x = normal(key(2), 12);
    const y = net.forward(x, 4);
    for (let i = 0; i < x.length; i++) expect(Math.abs(y[i] - x[i])).toBeLessThan(1e-14);
  });

  it("T is the gradient of ψ (central differences of the potential)", () => {
    // oracle: central differences of ψ with h = 1e-5; tol 1e-7 (O(h²)·|ψ'''| + rounding/h)
    const d = 3;
    const net = randomIcnn(d);
    const batch = 4;
    const x = normal(key(3), batch * d);
    const T = net.forward(x, batch);
    for (let i = 0; i < x.length; i++) {
      const r = Math.floor(i / d);
      const fd = central(
        () => net.potential(x, batch)[r],
        (h) => (x[i] += h),
        1e-5,
      );
      expect(Math.abs(fd - T[i])).toBeLessThan(1e-7);
    }
  });

  it("backward gives dL/dθ (every tensor) and dL/dx of a loss of T, by central differences", () => {
    // oracle: central differences of L = Σ sin(T + 0.1i), h = 1e-6 on float64; tol 1e-7
    const d = 3;
    const net = randomIcnn(d);
    const batch = 5;
    const x = normal(key(4), batch * d);
    const loss = () => net.forward(x, batch).reduce((s, v, i) => s + Math.sin(v + 0.1 * i), 0);
    const T = net.forward(x, batch);
    const grads = net.zeroGradients();
    const dx = net.backward(
      Float64Array.from(T, (v, i) => Math.cos(v + 0.1 * i)),
      grads,
    );
    const params = net.parameters();
    const g = grads.tensors();
    expect(g.map((t) => t.length)).toEqual(params.map((t) => t.length));
    params.forEach((p, j) => {
      for (const i of new Set([0, Math.floor(p.length / 2), p.length - 1])) {
        const fd = central(loss, (h) => (net.parameters()[j][i] += h), 1e-6);
        expect(Math.abs(fd - g[j][i]), `tensor ${j} entry ${i}`).toBeLessThan(1e-7);
      }
    });
    for (let i = 0; i < x.length; i++) {
      const fd = central(loss, (h) => (x[i] += h), 1e-6);
      expect(Math.abs(fd - dx[i])).toBeLessThan(1e-7);
    }
  });

  it("∇T is symmetric and ⪰ αI (backward with unit rows is a Hessian–vector product)", () => {
    // oracle: ψ α-strongly convex with a symmetric Hessian; tol: rounding
    const d = 4;
    const net = randomIcnn(d);
    const batch = 3;
    const x = normal(key(5), batch * d);
    const H = new Float64Array(batch * d * d);
    for (let a = 0; a < d; a++) {
      net.forward(x, batch);
      const e = new Float64Array(batch * d);
      for (let r = 0; r < batch; r++) e[r * d + a] = 1;
      const row = net.backward(e);
      for (let r = 0; r < batch; r++)
        for (let b = 0; b < d; b++) H[r * d * d + a * d + b] = row[r * d + b];
    }
    for (let r = 0; r < batch; r++) {
      const h = H.subarray(r * d * d, (r + 1) * d * d);
      for (let a = 0; a < d; a++)
        for (let b = 0; b < d; b++)
          expect(Math.abs(h[a * d + b] - h[b * d + a])).toBeLessThan(1e-12);
      for (let p = 0; p < 20; p++) {
        const v = normal(key(100 + p), d);
        let q = 0;
        let vv = 0;
        for (let a = 0; a < d; a++) {
          vv += v[a] * v[a];
          for (let b = 0; b < d; b++) q += v[a] * h[a * d + b] * v[b];
        }
        expect(q).toBeGreaterThanOrEqual(0.05 * vv * (1 - 1e-12));
      }
    }
  });

  it("projected Adam keeps the convexity weights nonnegative", () => {
    // oracle: the projection rule itself; gradients that push every weight down
    const net = randomIcnn(2);
    const opt = new Adam(net, 0.5);
    for (let s = 0; s < 3; s++) {
      const g = net.zeroGradients();
      for (const t of g.tensors()) t.fill(1);
      opt.step(g);
    }
    const L = 3;
    const constrained = net.parameters().slice(2 * L, 3 * L); // W_1, W_2, w
    for (const t of constrained) for (const v of t) expect(v).toBeGreaterThanOrEqual(0);
    expect(constrained[2].every((v) => v === 0)).toBe(true);
  });

  it("in float32 agrees with float64 to single precision", () => {
    // oracle: the float64 network with the same weights; tol 1e-4 of the scale
    const [a, b] = [randomIcnn(3), randomIcnn(3, "f32")];
    const batch = 7;
    const x = normal(key(6), batch * 3);
    const [ya, yb] = [a.forward(x, batch), b.forward(x, batch)];
    for (let i = 0; i < ya.length; i++)
      expect(Math.abs(ya[i] - yb[i])).toBeLessThan(1e-4 * (1 + Math.abs(ya[i])));
    const dir = Float64Array.from(ya, (_, i) => Math.cos(i));
    const [ga, gb] = [a.zeroGradients(), b.zeroGradients()];
    const [dxa, dxb] = [a.backward(dir, ga), b.backward(dir, gb)];
    for (let i = 0; i < dxa.length; i++)
      expect(Math.abs(dxa[i] - dxb[i])).toBeLessThan(1e-4 * (1 + Math.abs(dxa[i])));
    const [ta, tb] = [ga.tensors(), gb.tensors()];
    ta.forEach((t, j) => {
      for (let i = 0; i < t.length; i++)
        expect(Math.abs(t[i] - tb[j][i])).toBeLessThan(1e-4 * (1 + Math.abs(t[i])));
    });
  });
});

describe("∇ICNN of depth 0 (a symmetric affine map, T(x) = (αI + BᵀB)x + c)", () => {
  it("backward matches central differences", () => {
    // oracle: central differences, h = 1e-6; tol 1e-7
    const net = new GradientIcnn(3, 8, 0, key(21));
    net.parameters()[0].set(normal(key(22), 9));
    net.parameters()[1].set(normal(key(23), 3));
    const batch = 4;
    const x = normal(key(24), batch * 3);
    const loss = () => net.forward(x, batch).reduce((s, v, i) => s + Math.sin(v + 0.1 * i), 0);
    const T = net.forward(x, batch);
    const grads = net.zeroGradients();
    net.backward(
      Float64Array.from(T, (v, i) => Math.cos(v + 0.1 * i)),
      grads,
    );
    const g = grads.tensors();
    expect(g.length).toBe(2);
    net.parameters().forEach((p, j) => {
      for (let i = 0; i < p.length; i++) {
        const fd = central(loss, (h) => (net.parameters()[j][i] += h), 1e-6);
        expect(Math.abs(fd - g[j][i])).toBeLessThan(1e-7);
      }
    });
  });
});
