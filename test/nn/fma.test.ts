import v8 from "node:v8";
import { describe, expect, it } from "vitest";
import { Arena, arena } from "../../src/nn/arena.js";
import { Mlp } from "../../src/nn/mlp.js";
import { key } from "../../src/random/key.js";
import { normal } from "../../src/random/sample.js";

// As the CLI does (bin/ottoflow.js): Node 20 compiles relaxed SIMD only under this flag. This
// file runs in its own process (vitest forks), so the other files keep the plain kernels.
v8.setFlagsFromString("--experimental-wasm-relaxed-simd");

/** C = A·Bᵀ (+ bias) by one arena's gemmNT, for A m×k and B n×k. */
function product(a: Arena, m: number, k: number, n: number, seed: number): Float64Array {
  const A = a.allocFrom(normal(key(seed), m * k));
  const B = a.allocFrom(normal(key(seed + 1), n * k));
  const bias = a.allocFrom(normal(key(seed + 2), n));
  const C = a.alloc(m * n);
  a.kernels.gemmNT(m, k, n, A.offset, B.offset, C.offset, bias.offset, 1, 0.25);
  return Float64Array.from(C.data);
}

describe("the dense kernels with fused multiply–add (relaxed SIMD)", () => {
  it("are taken where the engine compiles them, and can be declined", () => {
    expect(new Arena("f32").build).toBe("fma");
    expect(new Arena("f64").build).toBe("fma");
    expect(new Arena("f32", "plain").build).toBe("plain");
  });

  it("give the plain kernels' products up to rounding, in both precisions", () => {
    // oracle: the plain build on the same inputs. Each output sums k = 64 products of unit
    // normals (|C| up to ~25); fusing saves one rounding per term, so the two differ by at most
    // ~k·ε·max|term| summed: tol 64·ε·8 (f32: 6e-5, f64: 1e-13), and they must differ somewhere
    // in f32 (else the fused build is not the one running).
    for (const [precision, eps] of [
      ["f32", 2 ** -23],
      ["f64", 2 ** -52],
    ] as const) {
      const [fused, plain] = [new Arena(precision, "fma"), new Arena(precision, "plain")];
      for (const [m, k, n] of [
        [1000, 64, 64],
        [7, 5, 3],
        [33, 64, 1],
      ]) {
        const [c1, c2] = [product(fused, m, k, n, m), product(plain, m, k, n, m)];
        let worst = 0;
        for (let i = 0; i < c1.length; i++) worst = Math.max(worst, Math.abs(c1[i] - c2[i]));
        expect(worst, `${precision} ${m}×${k}·${n}`).toBeLessThan(64 * eps * 8);
        if (precision === "f32" && m === 1000) expect(worst).toBeGreaterThan(0);
      }
    }
  });

  it("fuse nothing where k is below the lane count, and fuse linearPrelu as gemmNT", () => {
    // oracle: the plain build. With k < lanes every term is a leftover, added after a separate
    // product in both builds: identical. linearPrelu's product is gemmNT's (fused): within the
    // tolerance above, and its PReLU half is PReLU of its own product half exactly.
    for (const [precision, eps] of [
      ["f32", 2 ** -23],
      ["f64", 2 ** -52],
    ] as const) {
      const [fused, plain] = [new Arena(precision, "fma"), new Arena(precision, "plain")];
      const lanes = precision === "f32" ? 4 : 2;
      for (let k = 0; k < lanes; k++)
        expect(Array.from(product(fused, 31, k, 9, 3))).toEqual(
          Array.from(product(plain, 31, k, 9, 3)),
        );
      const results = [fused, plain].map((a) => {
        const [A, B, bias] = [
          a.allocFrom(normal(key(1), 100 * 64)),
          a.allocFrom(normal(key(2), 64 * 64)),
          a.allocFrom(normal(key(3), 64)),
        ];
        const [pre, act] = [a.alloc(100 * 64), a.alloc(100 * 64)];
        a.kernels.linearPrelu(
          100,
          64,
          64,
          A.offset,
          B.offset,
          bias.offset,
          pre.offset,
          act.offset,
          0.25,
        );
        return [Float64Array.from(pre.data), Float64Array.from(act.data)];
      });
      const [[pf, af], [pp]] = results;
      for (let i = 0; i < pf.length; i++) {
        expect(Math.abs(pf[i] - pp[i])).toBeLessThan(64 * eps * 8);
        expect(af[i]).toBe(
          pf[i] > 0 ? pf[i] : (precision === "f32" ? Math.fround : Number)(0.25 * pf[i]),
        );
      }
    }
  });

  it("backward on the fused kernels gives the gradients of central differences", () => {
    // oracle: central differences (h = 1e-6) of a float64 loss through the fused f64 arena,
    // the default arena in this process; tol 1e-7 as for the plain kernels (test/nn/mlp.test.ts)
    expect(arena("f64").build).toBe("fma");
    const net = new Mlp(3, 3, 8, 3, true, key(2));
    const batch = 5;
    const x = normal(key(3), batch * 3);
    const loss = () => net.forward(x, batch).reduce((s, v, i) => s + Math.sin(v + 0.1 * i), 0);
    const out = net.forward(x, batch);
    const grads = net.zeroGradients();
    net.backward(
      Float64Array.from(out, (v, i) => Math.cos(v + 0.1 * i)),
      grads,
    );
    const h = 1e-6;
    for (const l of [0, 2, 3])
      for (const i of [0, 5]) {
        const w = () => net.layers[l].w.data;
        w()[i] += h;
        const up = loss();
        w()[i] -= 2 * h;
        const down = loss();
        w()[i] += h;
        expect(Math.abs((up - down) / (2 * h) - grads.w[l][i])).toBeLessThan(1e-7);
      }
  });
});
