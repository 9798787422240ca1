import { describe, expect, it } from "vitest";
import { ConfigError, NumericalError } from "../../src/core/errors.js";
import { matrix } from "../../src/core/matrix.js";
import { ouIterates } from "../../src/diagnostics/ou.js";
import { sum } from "../../src/energies/combine.js";
import { kl } from "../../src/energies/internal.js";
import { interaction } from "../../src/energies/interaction.js";
import { quadratic } from "../../src/energies/potential.js";
import { flow } from "../../src/flow/flow.js";
import { checkExtrapolation, extrapolatedMap } from "../../src/neural/extrapolate.js";
import { gaussian } from "../../src/measures/construct.js";
import { gaussianLogPdf } from "../../src/measures/density.js";
import { Mlp } from "../../src/nn/mlp.js";
import { momentsOf, symKlGaussian } from "../../src/ot/gaussian.js";
import { key } from "../../src/random/key.js";
import { type NeuralJkoState, neuralJko } from "../../src/schemes/neuralJko.js";

const S = [
  [0.6, 0.1],
  [0.1, 0.4],
];
const start = gaussian({ mean: [0.5, -0.3], cov: S });
const [A, b] = [
  [
    [1.5, 0.3],
    [0.3, 1],
  ],
  [1, 0.5],
];
const ou = kl(quadratic({ A, b }));

/** An affine residual map T(x) = x + Wx + c as a network (mapDepth 0), W and c given. */
function affine(W: number[], c: number[]): Mlp {
  const net = new Mlp(2, 2, 4, 0, true, key(0), "f64");
  net.layers[0].w.data.set(W);
  net.layers[0].b.data.set(c);
  return net;
}

describe("the neural JKO's midpoint rule (geodesic extrapolation)", () => {
  it("2T − Id is the network seen through that formula, values and input gradients", () => {
    // oracle: E(x) = 2T(x) − x, ∇E = 2∇T − I for the affine T(x) = (I + W)x + c; round-off.
    const W = [0.1, -0.2, 0.05, -0.3];
    const c = [0.4, -0.1];
    const E = extrapolatedMap(affine(W, c));
    const x = Float64Array.from([0.3, -1.2, 2, 0.5]);
    const y = E.forward(x, 2);
    for (let i = 0; i < 2; i++)
      for (let r = 0; r < 2; r++) {
        const exact = x[2 * i + r] + 2 * (W[2 * r] * x[2 * i] + W[2 * r + 1] * x[2 * i + 1] + c[r]);
        expect(y[2 * i + r]).toBeCloseTo(exact, 14);
      }
    const v = Float64Array.from([1, 0, 0, 1]);
    const g = E.backward(v);
    // vᵀ(I + 2W): row 0 of I + 2W for the first point, row 1 for the second
    [1 + 2 * W[0], 2 * W[1], 2 * W[2], 1 + 2 * W[3]].forEach((e, i) =>
      expect(g[i]).toBeCloseTo(e, 14),
    );
  });

  it("refuses a half step that contracts by more than half, and says which step would not", () => {
    // oracle: T(x) = jx has 2∇T − I = (2j − 1)I, monotone iff j > ½; the advice is a·j/(2(1 − j))
    // (the backward-Euler model of the half step, halved): a = 0.2, j = 0.4 gives 0.067.
    const x = Float64Array.from({ length: 20 }, (_, i) => Math.sin(i));
    expect(() => checkExtrapolation(affine([-0.4, 0, 0, -0.4], [0, 0]), x, 10, 0.2)).not.toThrow();
    let error: unknown;
    try {
      checkExtrapolation(affine([-0.6, 0, 0, -0.6], [0, 0]), x, 10, 0.2);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NumericalError);
    expect((error as NumericalError).retryable).toBe(false);
    expect((error as NumericalError).message).toMatch(/not monotone at 10 of 10/);
    expect((error as NumericalError).message).toMatch(/step ≤ 0\.067/);
  });

  it("follows the exact midpoint iterates, and its densities are the pushed Gaussian", async () => {
    // oracles: ouIterates(…, "midpoint") for the pool's moments — one step of a = 0.3 from
    // N(m, S) with an affine map; the pool (J1 = 300, f64, moment-matched start) measured
    // 10^−3.11 in SymKL from its own iterate and 10^−1.78 from the first-order JKO iterate
    // (training noise vs the O(a) difference); tol: 10× closer to the midpoint iterate. The
    // density: with E = 2T − Id = (I + 2W)x + 2c the iterate is N(Em, (I + 2W)S(I + 2W)ᵀ),
    // from the stored weights; tol 1e-9 (Newton is exact on affine maps).
    const a = 0.3;
    const scheme = neuralJko({
      n: 1000,
      batch: 500,
      outer: 300,
      width: 16,
      dualDepth: 2,
      precision: "f64",
      start: "moments",
      time: "midpoint",
    });
    const run = await flow({ energy: ou, initial: start, scheme, dt: a, until: a, key: key(3) });
    expect(run.status).toBe("ok");
    const state = run.final as NeuralJkoState;
    const Am = matrix(2, 2, A.flat());
    const bv = Float64Array.from(b);
    const pool = momentsOf(state.measure);
    const own = symKlGaussian(pool, ouIterates(Am, bv, a, start, "midpoint")(1));
    const jko = symKlGaussian(pool, ouIterates(Am, bv, a, start, "jko")(1));
    expect(own * 10).toBeLessThan(jko);
    const w = state.maps[0]!;
    const B = [
      [1 + 2 * w[0], 2 * w[1]],
      [2 * w[2], 1 + 2 * w[3]],
    ];
    const mean = B.map((row, i) => row[0] * 0.5 + row[1] * -0.3 + 2 * w[4 + i]);
    const BS = B.map((row) => [0, 1].map((j) => row[0] * S[0][j] + row[1] * S[1][j]));
    const cov = BS.map((row) => [0, 1].map((j) => row[0] * B[j][0] + row[1] * B[j][1]));
    const points = Float64Array.from({ length: 20 }, (_, k) => Math.sin(1.7 * k) * 1.5 + 0.5);
    const got = scheme.logDensity(state, start, points);
    const exact = gaussianLogPdf(gaussian({ mean, cov }), points);
    got.forEach((v, i) => expect(Math.abs(v - exact[i])).toBeLessThan(1e-9));
  }, 60_000);

  it("refuses the forward–backward splitting, which is first order", async () => {
    const energy = sum(ou, interaction("ring"));
    await expect(
      flow({
        energy,
        initial: start,
        scheme: neuralJko({ n: 100, batch: 50, outer: 1, time: "midpoint" }),
        dt: 0.1,
        until: 0.1,
        key: key(0),
      }),
    ).rejects.toThrow(ConfigError);
  });
});
