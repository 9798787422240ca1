import { describe, expect, it } from "vitest";
import { Arena, type Floats, type Precision } from "../../src/nn/arena.js";
import { key } from "../../src/random/key.js";
import { normal } from "../../src/random/sample.js";

/**
 * The plain dense kernels, bit for bit against their order of summation written out here: an
 * output of gemmNT sums the k products in `lanes` partial sums (lane l takes i ≡ l, in order),
 * adds the lanes in order, then the leftover k % lanes products one by one, then the bias. Every
 * path of the kernel (register blocks, k < lanes, n % 4 and odd-m edges) must give exactly
 * that. Float32 is emulated by rounding each operation with Math.fround (exact: float64 holds
 * 2·24 + 2 bits, so rounding twice gives the float32 result of +, −, × and √).
 */
const lanesOf = { f64: 2, f32: 4 } as const;
const rounding = (p: Precision) => (p === "f64" ? (v: number) => v : Math.fround);

function modelGemm(
  p: Precision,
  [m, k, n]: number[],
  A: Floats,
  B: Floats,
  bias: Floats | null,
  act: number,
  slope: number,
  C: Float64Array,
): void {
  const [lanes, r] = [lanesOf[p], rounding(p)];
  const full = k - (k % lanes);
  for (let row = 0; row < m; row++)
    for (let o = 0; o < n; o++) {
      const s = new Array<number>(lanes).fill(0);
      for (let i = 0; i < full; i += lanes)
        for (let l = 0; l < lanes; l++) s[l] = r(s[l] + r(A[row * k + i + l] * B[o * k + i + l]));
      let t = s[0];
      for (let l = 1; l < lanes; l++) t = r(t + s[l]);
      for (let i = full; i < k; i++) t = r(t + r(A[row * k + i] * B[o * k + i]));
      if (bias) t = r(t + bias[o]);
      if (act === 1 && t < 0) t = r(t * slope);
      C[row * n + o] = act === 2 ? r(C[row * n + o] + t) : t;
    }
}

const shapes = [
  [1, 1, 1],
  [2, 0, 4],
  [5, 1, 9],
  [6, 2, 8],
  [7, 3, 13],
  [4, 4, 4],
  [9, 5, 6],
  [8, 64, 64],
  [33, 64, 1],
  [64, 101, 3],
  [101, 32, 17],
];

describe("the plain dense kernels in their order of summation (bit for bit)", () => {
  for (const p of ["f64", "f32"] as const) {
    const arena = new Arena(p, "plain");
    const k = arena.kernels;
    const slope = rounding(p)(0.3);

    it(`${p} gemmNT: register blocks, k below the lane count, the edges, act 0/1/2`, () => {
      for (const [m, kk, n] of shapes) {
        const [A, B, bias] = [
          arena.allocFrom(normal(key(m), m * kk)),
          arena.allocFrom(normal(key(n + 100), n * kk)),
          arena.allocFrom(normal(key(7), n)),
        ];
        const C = arena.alloc(m * n);
        for (const act of [0, 1, 2])
          for (const withBias of [false, true]) {
            const start = normal(key(9), m * n);
            C.data.set(start);
            const expected = Float64Array.from(C.data);
            modelGemm(
              p,
              [m, kk, n],
              A.data,
              B.data,
              withBias ? bias.data : null,
              act,
              slope,
              expected,
            );
            k.gemmNT(
              m,
              kk,
              n,
              A.offset,
              B.offset,
              C.offset,
              withBias ? bias.offset : 0,
              act,
              slope,
            );
            expect(Array.from(C.data), `${m}×${kk}·${n} act ${act}`).toEqual(Array.from(expected));
          }
      }
    });

    it(`${p} linearPrelu: the product with its bias, and PReLU of it (z > 0 ? z : slope·z)`, () => {
      for (const [m, kk, n] of shapes) {
        const [A, B, bias] = [
          arena.allocFrom(normal(key(m + 1), m * kk)),
          arena.allocFrom(normal(key(n + 3), n * kk)),
          arena.allocFrom(normal(key(5), n)),
        ];
        const [pre, out] = [arena.alloc(m * n), arena.alloc(m * n)];
        const expected = new Float64Array(m * n);
        modelGemm(p, [m, kk, n], A.data, B.data, bias.data, 0, slope, expected);
        k.linearPrelu(m, kk, n, A.offset, B.offset, bias.offset, pre.offset, out.offset, slope);
        expect(Array.from(pre.data)).toEqual(Array.from(expected));
        const r = rounding(p);
        expect(Array.from(out.data)).toEqual(
          Array.from(expected, (z) => (z > 0 ? z : r(slope * z))),
        );
      }
    });

    it(`${p} transpose, PReLU backward (its slope's sum in order, in float64) and row sums`, () => {
      const r = rounding(p);
      for (const [rows, cols] of [
        [1, 1],
        [3, 5],
        [4, 4],
        [9, 7],
        [1000, 64],
        [64, 1],
      ]) {
        const src = arena.allocFrom(normal(key(rows), rows * cols));
        const dst = arena.alloc(rows * cols);
        k.transpose(rows, cols, src.offset, dst.offset);
        const s = Float64Array.from(src.data);
        expect(Array.from(dst.data)).toEqual(
          Array.from(
            { length: rows * cols },
            (_, i) => s[(i % rows) * cols + Math.floor(i / rows)],
          ),
        );
        // PReLU backward, in place (gz aliases g)
        const pre = arena.allocFrom(normal(key(rows + 1), rows * cols));
        const g = arena.allocFrom(normal(key(rows + 2), rows * cols));
        const [z, g0] = [Float64Array.from(pre.data), Float64Array.from(g.data)];
        let ds = 0;
        for (let i = 0; i < z.length; i++) if (!(z[i] > 0)) ds += g0[i] * z[i];
        expect(k.preluBackward(rows * cols, g.offset, pre.offset, g.offset, slope)).toBe(ds);
        expect(Array.from(g.data)).toEqual(Array.from(g0, (v, i) => (z[i] > 0 ? v : r(slope * v))));
        // row sums of `src` (rows × cols) added into out
        const out = arena.allocFrom(normal(key(3), rows));
        const expected = Float64Array.from(out.data);
        const lanes = lanesOf[p];
        const full = cols - (cols % lanes);
        for (let i = 0; i < rows; i++) {
          const part = new Array<number>(lanes).fill(0);
          for (let j = 0; j < full; j += lanes)
            for (let l = 0; l < lanes; l++) part[l] = r(part[l] + s[i * cols + j + l]);
          let t = part[0];
          for (let l = 1; l < lanes; l++) t = r(t + part[l]);
          for (let j = full; j < cols; j++) t = r(t + s[i * cols + j]);
          expected[i] = r(expected[i] + t);
        }
        k.rowSumsAccumulate(rows, cols, src.offset, out.offset);
        expect(Array.from(out.data)).toEqual(Array.from(expected));
      }
    });
  }
});
