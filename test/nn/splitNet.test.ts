import v8 from "node:v8";
import { afterAll, describe, expect, it } from "vitest";
import { type KernelBuild, type Precision, setKernelBuild } from "../../src/nn/arena.js";
import { GradientIcnn } from "../../src/nn/icnn.js";
import { Mlp } from "../../src/nn/mlp.js";
import type { Net } from "../../src/nn/net.js";
import { SplitNet, chunkBounds, closeNetThreads } from "../../src/nn/splitNet.js";
import { onThreads } from "../../src/nn/threads.js";
import { key } from "../../src/random/key.js";
import { normal } from "../../src/random/sample.js";

// Both builds of the kernels run here, the fused one as the CLI runs it (bin/ottoflow.js sets
// this flag on Node 20); this file has its own process (vitest forks).
v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
afterAll(closeNetThreads);

type Make = (precision: Precision) => Net;
const nets: [string, Make][] = [
  ["residual MLP", (p) => new Mlp(3, 3, 16, 2, true, key(1), p)],
  ["dual MLP", (p) => new Mlp(3, 1, 16, 3, false, key(2), p)],
  ["∇ICNN", (p) => new GradientIcnn(3, 8, 2, key(3), 0.05, p)],
];
const cases = nets.flatMap(([name, make]) =>
  (["f64", "f32"] as const).flatMap((precision) =>
    (["fma", "plain"] as const).map((build) => ({ name, make, precision, build })),
  ),
);

/** A network made on the given build, and its twin (same weights) split over `threads`. */
function pair(make: Make, precision: Precision, build: KernelBuild, threads: number) {
  setKernelBuild(build);
  const [one, twin] = [make(precision), make(precision)];
  return { one, split: new SplitNet(twin, threads) };
}

/** The ∇ICNN starts at the identity (w = 0): give its convex part some weight. */
function perturb(net: Net, seed: number): void {
  for (const [j, t] of net.parameters().entries()) {
    const noise = normal(key(seed + j), t.length);
    for (let i = 0; i < t.length; i++) t[i] = Math.abs(t[i] + 0.1 * noise[i]);
  }
  net.project?.();
}

function inputs(net: Net, batch: number) {
  const x = normal(key(7), batch * net.inDim);
  const dOut = normal(key(8), batch * net.outDim);
  return { x, dOut };
}

describe("a network split over threads", () => {
  it("cuts the batch at multiples of four rows, the rest to the last thread", () => {
    expect(chunkBounds(1000, 2)).toEqual([0, 500, 1000]);
    expect(chunkBounds(103, 2)).toEqual([0, 48, 103]);
    expect(chunkBounds(103, 3)).toEqual([0, 32, 64, 103]);
    expect(chunkBounds(3, 2)).toEqual([0, 0, 3]);
  });

  it.each(cases)(
    "gives every row's output and input gradient bit for bit: $name, $precision, $build",
    ({ make, precision, build }) => {
      // oracle: the same network on one thread. Chunks start where the kernels' row blocks
      // start on one thread, and rows do not mix in a forward pass or in dL/dx, so equality is
      // exact; batches with leftover rows and one smaller than a block included.
      for (const threads of [2, 3])
        for (const batch of [1000, 103, 3]) {
          const { one, split } = pair(make, precision, build, threads);
          perturb(one, 11);
          perturb(split, 11);
          const { x, dOut } = inputs(one, batch);
          expect(split.forward(x, batch)).toEqual(one.forward(x, batch));
          expect(split.backward(dOut)).toEqual(one.backward(dOut));
        }
    },
  );

  it.each(cases)(
    "adds the chunks' parameter gradients in chunk order, bit for bit: $name, $precision, $build",
    ({ make, precision, build }) => {
      // oracle: each chunk's gradients on the one-thread network (a fresh accumulator each),
      // added in chunk order: the split's sums, in its order.
      const batch = 1003;
      const { one, split } = pair(make, precision, build, 2);
      perturb(one, 12);
      perturb(split, 12);
      const { x, dOut } = inputs(one, batch);
      const bounds = chunkBounds(batch, 2);
      let expected: Float64Array[] = [];
      for (let c = 0; c < 2; c++) {
        const [from, to] = [bounds[c], bounds[c + 1]];
        const chunk = one.zeroGradients();
        one.forward(x.subarray(from * one.inDim, to * one.inDim), to - from);
        one.backward(dOut.subarray(from * one.outDim, to * one.outDim), chunk, false);
        const tensors = chunk.tensors();
        if (c === 0) expected = tensors.map((t) => Float64Array.from(t));
        else
          for (const [j, t] of tensors.entries()) {
            // in the tensor's own precision (a PReLU slope's is float64), as the split adds
            const sum =
              t instanceof Float32Array ? new Float32Array(t.length) : new Float64Array(t.length);
            for (let i = 0; i < t.length; i++) sum[i] = expected[j][i] + t[i];
            expected[j] = Float64Array.from(sum);
          }
      }
      const g = split.zeroGradients();
      split.forward(x, batch);
      split.backward(dOut, g, false);
      expect(g.tensors().map((t) => Float64Array.from(t))).toEqual(expected);
    },
  );

  it("differs from the whole batch on one thread by the order of its sums alone", () => {
    // oracle: the one-thread gradients of the whole batch. Reordering a sum of M terms moves
    // it by at most (M − 1)·ε·Σ|terms|, by about √M·ε·|terms| when the roundings are random;
    // the tolerance is M·ε times the tensor's largest entry (M = 1000: 2.2e-13 relative in
    // f64, 1.2e-4 in f32), measured at 22·ε (f64) and 4.3·ε (f32).
    for (const [precision, eps] of [
      ["f64", 2 ** -52],
      ["f32", 2 ** -23],
    ] as const) {
      const { one, split } = pair(nets[1][1], precision, "fma", 2);
      const { x, dOut } = inputs(one, 1000);
      const [g1, g2] = [one.zeroGradients(), split.zeroGradients()];
      one.forward(x, 1000);
      one.backward(dOut, g1, false);
      split.forward(x, 1000);
      split.backward(dOut, g2, false);
      const [a, b] = [g1.tensors(), g2.tensors()];
      let differs = false;
      for (const [j, t] of a.entries()) {
        let largest = 0;
        for (const v of t) largest = Math.max(largest, Math.abs(v));
        for (let i = 0; i < t.length; i++) {
          expect(Math.abs(t[i] - b[j][i])).toBeLessThanOrEqual(1000 * eps * largest);
          differs ||= t[i] !== b[j][i];
        }
      }
      expect(differs).toBe(true); // the chunks' order of summation is in effect
    }
  });

  it.each(["fma", "plain"] as const)(
    "has the central differences' gradients in float64 (%s kernels)",
    (build) => {
      // oracle: central differences of L = Σ dOut·net(x) in the parameters and the inputs,
      // step 1e-6 (truncation ~1e-12·L''', rounding ~1e-16·|L|/1e-6): agreement to 1e-6.
      for (const [, make] of nets) {
        const { split } = pair(make, "f64", build, 2);
        perturb(split, 13);
        const batch = 37;
        const { x, dOut } = inputs(split, batch);
        const loss = () => {
          const y = split.forward(x, batch);
          return y.reduce((s, v, i) => s + v * dOut[i], 0);
        };
        const g = split.zeroGradients();
        split.forward(x, batch);
        const gx = split.backward(dOut, g);
        const h = 1e-6;
        const params = split.parameters();
        for (const [j, t] of g.tensors().entries())
          for (const i of [0, t.length >> 1, t.length - 1]) {
            const p = params[j];
            const v = p[i];
            p[i] = v + h;
            split.parameters(); // (the caller wrote through the views: send them again)
            const up = loss();
            p[i] = v - h;
            split.parameters();
            const down = loss();
            p[i] = v;
            split.parameters();
            expect(Math.abs((up - down) / (2 * h) - t[i])).toBeLessThan(
              1e-6 * (1 + Math.abs(t[i])),
            );
          }
        for (const i of [0, 40, x.length - 1]) {
          const v = x[i];
          x[i] = v + h;
          const up = loss();
          x[i] = v - h;
          const down = loss();
          x[i] = v;
          expect(Math.abs((up - down) / (2 * h) - gx[i])).toBeLessThan(
            1e-6 * (1 + Math.abs(gx[i])),
          );
        }
      }
    },
  );

  it("is what onThreads gives for more than one thread, and the network itself for one", () => {
    const net = new Mlp(2, 2, 8, 1, true, key(4));
    expect(onThreads(net, 1)).toBe(net);
    expect(onThreads(net, 2)).toBeInstanceOf(SplitNet);
  });
});
