import { describe, expect, it } from "vitest";
import { rowHeap } from "../../src/nn/rows.js";
import { key } from "../../src/random/key.js";
import { normal } from "../../src/random/sample.js";

/** A symmetric positive definite d×d matrix (I + GGᵀ/d). */
function spd(d: number, seed: number): Float64Array {
  const G = normal(key(seed), d * d);
  const P = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let s = i === j ? 1 : 0;
      for (let l = 0; l < d; l++) s += (G[i * d + l] * G[j * d + l]) / d;
      P[i * d + j] = s;
    }
  return P;
}

const sizes = [
  [1, 1],
  [3, 2],
  [4, 2],
  [7, 5],
  [10, 3],
  [1000, 32],
];

describe("the row kernels (z = m + Lξ, the Gaussian log-density and its gradient)", () => {
  it("give the scalar loops' results bit for bit", () => {
    // oracle: the loops they replace in src/neural/klJkoStep.ts, written out (same order of
    // every sum, so the values must be identical)
    const heap = rowHeap();
    const mark = heap.mark();
    for (const [m, d] of sizes) {
      const [L, mean, P] = [spd(d, d), normal(key(d + 1), d), spd(d, d + 2)];
      const [xi, y, dy0] = [
        normal(key(m), m * d),
        normal(key(m + 1), m * d),
        normal(key(3), m * d),
      ];
      const bufs = {
        L: heap.allocFrom(L),
        mean: heap.allocFrom(mean),
        P: heap.allocFrom(P),
        xi: heap.allocFrom(xi),
        y: heap.allocFrom(y),
        dy: heap.allocFrom(dy0),
        out: heap.alloc(m * d),
        values: heap.alloc(m),
        scratch: heap.alloc(4 * d),
      };
      for (const lower of [true, false])
        for (const withStart of [true, false]) {
          const expected = new Float64Array(m * d);
          for (let r = 0; r < m; r++)
            for (let i = 0; i < d; i++) {
              let s = withStart ? mean[i] : 0;
              for (let j = 0; j <= (lower ? i : d - 1); j++) s += L[i * d + j] * xi[r * d + j];
              expected[r * d + i] = s;
            }
          heap.kernels.affineRows(
            m,
            d,
            bufs.L.offset,
            lower ? 1 : 0,
            bufs.xi.offset,
            withStart ? bufs.mean.offset : 0,
            bufs.out.offset,
            bufs.scratch.offset,
          );
          expect(Array.from(bufs.out.data), `${m}×${d}`).toEqual(Array.from(expected));
        }
      const [dy, values] = [Float64Array.from(dy0), new Float64Array(m)];
      const scale = 1 / m;
      for (let r = 0; r < m; r++) {
        let quad = 0;
        for (let i = 0; i < d; i++) {
          let sy = 0;
          for (let j = 0; j < d; j++) sy += P[i * d + j] * (y[r * d + j] - mean[j]);
          quad += (y[r * d + i] - mean[i]) * sy;
          dy[r * d + i] -= scale * sy;
        }
        values[r] = -0.5 * quad;
      }
      const k = heap.kernels;
      k.gaussianRows(
        m,
        d,
        bufs.P.offset,
        bufs.mean.offset,
        bufs.y.offset,
        bufs.dy.offset,
        scale,
        bufs.values.offset,
        bufs.scratch.offset,
      );
      expect(Array.from(bufs.values.data)).toEqual(Array.from(values));
      expect(Array.from(bufs.dy.data)).toEqual(Array.from(dy));
    }
    heap.release(mark);
  });

  it("add the log-density's gradient: central differences of its values", () => {
    // oracle: central differences (h = 1e-6) of values[r] = −½(y − m)ᵀP(y − m) in y; the kernel
    // adds scale·∇ into dy. Float64, values of size ~10: tol 1e-7 (O(h²) + rounding/h)
    const heap = rowHeap();
    const mark = heap.mark();
    const [m, d] = [7, 5];
    const [P, mean] = [spd(d, 4), normal(key(5), d)];
    const y = normal(key(6), m * d);
    const [Pb, meanB, yB, dyB, values, scratch] = [
      heap.allocFrom(P),
      heap.allocFrom(mean),
      heap.allocFrom(y),
      heap.allocFrom(new Float64Array(m * d)),
      heap.alloc(m),
      heap.alloc(4 * d),
    ];
    const k = heap.kernels;
    const run = (scale: number) =>
      k.gaussianRows(
        m,
        d,
        Pb.offset,
        meanB.offset,
        yB.offset,
        dyB.offset,
        scale,
        values.offset,
        scratch.offset,
      );
    const scale = 0.25;
    run(scale);
    const grad = Float64Array.from(dyB.data, (v) => v / scale);
    const h = 1e-6;
    for (let e = 0; e < m * d; e++) {
      const r = Math.floor(e / d);
      const at = (delta: number) => {
        yB.data[e] = y[e] + delta;
        run(scale);
        return values.data[r];
      };
      const fd = (at(h) - at(-h)) / (2 * h);
      yB.data[e] = y[e];
      expect(Math.abs(fd - grad[e]), `entry ${e}`).toBeLessThan(1e-7);
    }
    heap.release(mark);
  });

  it("a step's buffers are given back: the next step takes the same memory", () => {
    const heap = rowHeap();
    const mark = heap.mark();
    const a = heap.alloc(1000);
    heap.release(mark);
    expect(heap.alloc(1000).offset).toBe(a.offset);
    heap.release(mark);
  });
});
