import { describe, expect, it } from "vitest";
import { allocFrom, alloc, wasmKernels } from "../../src/nn/arena.js";
import { Adam, Mlp } from "../../src/nn/mlp.js";
import { key } from "../../src/random/key.js";
import { normal } from "../../src/random/sample.js";

describe("dense kernels", () => {
  it("gemmNT (+ bias, PReLU) matches the naive triple loop on ragged shapes", () => {
    // oracle: the naive sum in float64; the kernel only reorders additions: tol 1e-13
    const k = wasmKernels();
    for (const [m, kk, n] of [
      [1, 1, 1],
      [3, 5, 7],
      [8, 64, 64],
      [7, 2, 5],
      [10, 64, 1],
    ]) {
      const a = normal(key(m), m * kk);
      const b = normal(key(n + 100), n * kk);
      const bias = normal(key(7), n);
      const [A, B, Bias, C] = [allocFrom(a), allocFrom(b), allocFrom(bias), alloc(m * n)];
      for (const act of [0, 1]) {
        k.gemmNT(m, kk, n, A.offset, B.offset, C.offset, Bias.offset, act, 0.25);
        const c = C.data;
        for (let r = 0; r < m; r++)
          for (let o = 0; o < n; o++) {
            let s = bias[o];
            for (let i = 0; i < kk; i++) s += a[r * kk + i] * b[o * kk + i];
            if (act && s < 0) s *= 0.25;
            expect(Math.abs(c[r * n + o] - s)).toBeLessThan(1e-13 * (1 + Math.abs(s)));
          }
      }
    }
  });
});

describe("MLP with PReLU (the neural JKO's networks)", () => {
  const loss = (net: Mlp, x: Float64Array, batch: number) =>
    net.forward(x, batch).reduce((s, v, i) => s + Math.sin(v + 0.1 * i), 0);

  it("backward gives the gradients of central differences, for weights, biases, slopes and inputs", () => {
    // oracle: central differences with h = 1e-6 on a float64 loss; tol 1e-7 (O(h²) + rounding/h)
    for (const residual of [false, true]) {
      const net = new Mlp(3, 3, 8, 3, residual, key(residual ? 2 : 1));
      const batch = 5;
      const x = normal(key(3), batch * 3);
      const out = net.forward(x, batch);
      const grads = net.zeroGradients();
      const dx = net.backward(
        Float64Array.from(out, (v, i) => Math.cos(v + 0.1 * i)),
        grads,
      );
      const h = 1e-6;
      const central = (poke: (delta: number) => void) => {
        poke(h);
        const up = loss(net, x, batch);
        poke(-2 * h);
        const down = loss(net, x, batch);
        poke(h);
        return (up - down) / (2 * h);
      };
      for (const l of [0, 2, 3]) {
        const w = net.layers[l].w;
        for (const i of [0, 5]) {
          const fd = central((d) => {
            const v = w.data;
            v[i] += d;
          });
          expect(Math.abs(fd - grads.w[l][i])).toBeLessThan(1e-7);
        }
        const fdb = central((d) => {
          const v = net.layers[l].b.data;
          v[1] += d;
        });
        expect(Math.abs(fdb - grads.b[l][1])).toBeLessThan(1e-7);
      }
      const fds = central((d) => (net.layers[1].slope += d));
      expect(Math.abs(fds - grads.slope[1])).toBeLessThan(1e-7);
      for (const i of [0, 7, 14]) {
        const fdx = central((d) => (x[i] += d));
        expect(Math.abs(fdx - dx[i])).toBeLessThan(1e-7);
      }
    }
  });

  it("backward without the input gradient adds the same parameter gradients", () => {
    // oracle: the full backward pass on the same forward pass; identical arithmetic: exact
    const net = new Mlp(3, 2, 8, 2, false, key(4));
    const x = normal(key(5), 6 * 3);
    const dOut = normal(key(6), 6 * 2);
    net.forward(x, 6);
    const full = net.zeroGradients();
    net.backward(dOut, full);
    const expected = full.tensors().map((t) => Float64Array.from(t));
    const partial = net.zeroGradients();
    expect(net.backward(dOut, partial, false)).toHaveLength(0);
    partial.tensors().forEach((t, j) => expect(Array.from(t)).toEqual(Array.from(expected[j])));
  });

  it("Adam's first step moves each parameter by lr·g/(|g| + ε)", () => {
    // oracle: hand computation — after one step m̂ = g and v̂ = g², exactly as torch.optim.Adam
    const net = new Mlp(2, 1, 4, 1, false, key(5));
    const before = Float64Array.from(net.layers[0].w.data);
    const g = net.zeroGradients();
    g.w[0].forEach((_, i) => (g.w[0][i] = (i - 3) * 0.01));
    new Adam(net, 1e-3).step(g);
    const after = net.layers[0].w.data;
    for (let i = 0; i < before.length; i++) {
      const gi = g.w[0][i];
      expect(after[i]).toBeCloseTo(before[i] - (1e-3 * gi) / (Math.abs(gi) + 1e-8), 15);
    }
  });

  it("an Adam continued from another's exported state takes the same steps as one run through", () => {
    // oracle: the uninterrupted optimiser on the same gradients (bit-identical: the same
    // arithmetic in the same order); and a state for another shape is refused
    const gradients = (net: Mlp, t: number) => {
      const g = net.zeroGradients();
      g.w[0].forEach((_, i) => (g.w[0][i] = Math.sin(3 * t + i)));
      g.b[0].forEach((_, i) => (g.b[0][i] = Math.cos(t - i)));
      return g;
    };
    const [through, split] = [
      new Mlp(2, 1, 4, 1, false, key(5)),
      new Mlp(2, 1, 4, 1, false, key(5)),
    ];
    const one = new Adam(through, 1e-2);
    for (let t = 0; t < 6; t++) one.step(gradients(through, t));
    const first = new Adam(split, 1e-2);
    for (let t = 0; t < 3; t++) first.step(gradients(split, t));
    const second = new Adam(split, 1e-2);
    second.importState(first.exportState());
    for (let t = 3; t < 6; t++) second.step(gradients(split, t));
    through
      .parameters()
      .forEach((p, j) => expect(Array.from(split.parameters()[j])).toEqual(Array.from(p)));
    expect(() =>
      new Adam(new Mlp(3, 1, 4, 1, false, key(5)), 1e-2).importState(first.exportState()),
    ).toThrow(/does not fit/);
  });

  it("in float32 agrees with float64 to single precision", () => {
    // oracle: the float64 network with the same initial weights; float32 carries ~6e-8
    // relative rounding per operation over sums of ≤ 64 terms: tol 1e-4 of the scale
    const [a, b] = [
      new Mlp(3, 2, 16, 2, false, key(8)),
      new Mlp(3, 2, 16, 2, false, key(8), "f32"),
    ];
    const batch = 9;
    const x = normal(key(9), batch * 3);
    const [ya, yb] = [a.forward(x, batch), b.forward(x, batch)];
    const scale = ya.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
    for (let i = 0; i < ya.length; i++) expect(Math.abs(ya[i] - yb[i])).toBeLessThan(1e-4 * scale);
    const d = Float64Array.from(ya, (_, i) => Math.cos(i));
    const [ga, gb] = [a.zeroGradients(), b.zeroGradients()];
    const [dxa, dxb] = [a.backward(d, ga), b.backward(d, gb)];
    for (let i = 0; i < dxa.length; i++)
      expect(Math.abs(dxa[i] - dxb[i])).toBeLessThan(1e-4 * (1 + Math.abs(dxa[i])));
    const [wa, wb] = [ga.w[0], gb.w[0]];
    for (let i = 0; i < wa.length; i++)
      expect(Math.abs(wa[i] - wb[i])).toBeLessThan(1e-4 * (1 + Math.abs(wa[i])));
  });
});
