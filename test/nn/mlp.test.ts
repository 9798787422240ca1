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

  it("writes outputs and input gradients into the caller's arrays, the same values", () => {
    // oracle: the same passes into fresh arrays (identical arithmetic: exact)
    const [a, b] = [new Mlp(3, 3, 8, 2, true, key(4)), new Mlp(3, 3, 8, 2, true, key(4))];
    const x = normal(key(5), 7 * 3);
    const dOut = normal(key(6), 7 * 3);
    const y = a.forward(x, 7);
    const dx = a.backward(dOut, a.zeroGradients());
    const [yInto, dxInto] = [new Float64Array(21), new Float64Array(21)];
    expect(b.forward(x, 7, yInto)).toBe(yInto);
    expect(b.backward(dOut, b.zeroGradients(), true, { out: dxInto })).toBe(dxInto);
    expect(Array.from(yInto)).toEqual(Array.from(y));
    expect(Array.from(dxInto)).toEqual(Array.from(dx));
    expect(() => b.forward(x, 7, new Float64Array(20))).toThrow(/expected 21/);
  });

  it("a stacked batch with `segment` is the separate passes, bit for bit", () => {
    // oracle: two passes over y and z adding into one gradient (h's inner step before the
    // stacked pass): each row's arithmetic is the same, and the parameter gradients are added
    // segment by segment in the same order, so every value must be identical
    for (const [M, d] of [
      [5, 3],
      [8, 2],
    ]) {
      const [one, two] = [new Mlp(d, 1, 8, 3, false, key(7)), new Mlp(d, 1, 8, 3, false, key(7))];
      const yz = normal(key(8), 2 * M * d);
      const [y, z] = [yz.subarray(0, M * d), yz.subarray(M * d)];
      const dh = normal(key(9), 2 * M);
      const g1 = one.zeroGradients();
      const out = one.forward(yz, 2 * M);
      one.backward(dh, g1, false, { segment: M });
      const g2 = two.zeroGradients();
      const hy = two.forward(y, M);
      two.backward(dh.subarray(0, M), g2, false);
      const hz = two.forward(z, M);
      two.backward(dh.subarray(M), g2, false);
      expect(Array.from(out)).toEqual([...hy, ...hz]);
      g1.tensors().forEach((t, j) => expect(Array.from(t)).toEqual(Array.from(g2.tensors()[j])));
      // and at a smaller batch afterwards (the workspace keeps its larger size): as a fresh net
      const fresh = new Mlp(d, 1, 8, 3, false, key(7));
      expect(Array.from(one.forward(y, M))).toEqual(Array.from(fresh.forward(y, M)));
    }
    expect(() => new Mlp(2, 1, 4, 1, false, key(1)).forward(new Float64Array(10), 5)).not.toThrow();
    const net = new Mlp(2, 1, 4, 1, false, key(1));
    net.forward(new Float64Array(10), 5);
    expect(() =>
      net.backward(new Float64Array(5), net.zeroGradients(), false, { segment: 2 }),
    ).toThrow(/not batches of 2/);
  });

  it("backward over stacked batches gives the gradients of central differences", () => {
    // oracle: central differences (h = 1e-6) of a float64 loss summed over the two segments;
    // tol 1e-7 as above
    const [M, d] = [4, 3];
    const net = new Mlp(d, 1, 8, 3, false, key(12));
    const x = normal(key(13), 2 * M * d);
    const loss = () => net.forward(x, 2 * M).reduce((s, v, i) => s + Math.sin(v + 0.1 * i), 0);
    const out = net.forward(x, 2 * M);
    const grads = net.zeroGradients();
    net.backward(
      Float64Array.from(out, (v, i) => Math.cos(v + 0.1 * i)),
      grads,
      false,
      { segment: M },
    );
    const h = 1e-6;
    const central = (poke: (delta: number) => void) => {
      poke(h);
      const up = loss();
      poke(-2 * h);
      const down = loss();
      poke(h);
      return (up - down) / (2 * h);
    };
    for (const l of [0, 1, 3]) {
      for (const i of [0, 5])
        expect(
          Math.abs(central((dv) => (net.layers[l].w.data[i] += dv)) - grads.w[l][i]),
        ).toBeLessThan(1e-7);
      expect(
        Math.abs(central((dv) => (net.layers[l].b.data[0] += dv)) - grads.b[l][0]),
      ).toBeLessThan(1e-7);
    }
    expect(Math.abs(central((dv) => (net.layers[2].slope += dv)) - grads.slope[2])).toBeLessThan(
      1e-7,
    );
  });

  it("Adam keeps stepping the network after the kernels' memory grew (its views are refreshed)", () => {
    // oracle: the same steps on a twin network whose memory did not grow in between (exact)
    const [a, b] = [new Mlp(2, 1, 4, 1, false, key(5)), new Mlp(2, 1, 4, 1, false, key(5))];
    const [oa, ob] = [new Adam(a, 1e-2), new Adam(b, 1e-2)];
    const fill = (net: Mlp, t: number) => {
      const g = net.zeroGradients();
      g.w[0].forEach((_, i) => (g.w[0][i] = Math.sin(t + i)));
      return g;
    };
    ob.step(fill(b, 0));
    ob.step(fill(b, 1));
    oa.step(fill(a, 0));
    alloc(2 ** 20); // grows the float64 kernels' memory: every earlier view is emptied
    oa.step(fill(a, 1));
    expect(Array.from(a.layers[0].w.data)).toEqual(Array.from(b.layers[0].w.data));
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
