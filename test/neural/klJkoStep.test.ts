import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { interactionJkoStep, klJkoStep, porousJkoStep } from "../../src/neural/klJkoStep.js";
import { setKernelBuild } from "../../src/nn/arena.js";
import { GradientIcnn } from "../../src/nn/icnn.js";
import { Mlp } from "../../src/nn/mlp.js";
import { quadratic } from "../../src/energies/potential.js";
import { interaction } from "../../src/energies/interaction.js";
import { kl, porousMedium } from "../../src/energies/internal.js";
import { scale, sum } from "../../src/energies/combine.js";
import { normal } from "../../src/random/sample.js";
import { gaussian } from "../../src/measures/construct.js";
import { sample } from "../../src/measures/convert.js";
import { moments } from "../../src/measures/moments.js";
import type { Particles } from "../../src/measures/types.js";
import { key, split } from "../../src/random/key.js";

const target = () =>
  quadratic({
    A: [
      [1, 0],
      [0, 1],
    ],
    b: [0, 0],
  });

describe("the variational KL JKO step (Algorithm 1)", () => {
  it("refuses interactions (they take the forward–backward step) and mismatched networks", () => {
    const pool = sample(
      gaussian({
        mean: [0, 0],
        cov: [
          [1, 0],
          [0, 1],
        ],
      }),
      100,
      key(1),
    ) as Particles;
    const T = new Mlp(2, 2, 0, 0, true, key(2));
    const h = new Mlp(2, 1, 4, 1, false, key(3));
    const opts = { step: 0.1, outer: 1, inner: 1, batch: 50, lr: 1e-3 };
    expect(() =>
      klJkoStep(pool, sum(target(), interaction("quadratic")), T, h, opts, key(0)),
    ).toThrow(/forward–backward/);
    expect(() =>
      klJkoStep(pool, target(), new Mlp(2, 3, 4, 1, false, key(5)), h, opts, key(0)),
    ).toThrow(/R\^2 → R\^2 \(T\)/);
  });

  it("takes the steps it took before its loop ran on the row kernels, bit for bit (plain kernels)", () => {
    // oracle: digests of (pushed pool, primal, both Adam states) recorded with the training loop
    // as it was before the kernels' vectorised epilogues, the preallocated loop, the row kernels
    // and the WebAssembly Threefry: each changed how, not what, is computed (the same operations
    // in the same order), so the steps must be identical. Odd M = 101 included.
    setKernelBuild("plain");
    const digest = (...arrays: ArrayLike<number>[]) => {
      const h = createHash("sha256");
      for (const a of arrays) h.update(new Uint8Array(Float64Array.from(a).buffer));
      return h.digest("hex").slice(0, 16);
    };
    const quadraticTarget = (d: number) =>
      quadratic({
        A: Array.from({ length: d }, (_, i) =>
          Array.from({ length: d }, (_, j) => (i === j ? 1.2 : 0.1)),
        ),
        b: Array.from({ length: d }, (_, i) => 0.1 * i),
      });
    const recorded: Record<string, string> = {
      "f64 kl d=2 M=100": "288f16decfa11971",
      "f64 kl d=5 M=101": "aba34b7edf296794",
      "f64 kl-icnn d=2 M=100": "9dc5bc5c454359df",
      "f64 porous d=2 M=100": "6c04fa47694b4d74",
      "f64 interaction d=2 M=100": "d3917c2df02ad95f",
      "f32 kl d=2 M=100": "6a17fba064ff3c11",
      "f32 kl d=5 M=101": "4f5a44d7e2e916a8",
      "f32 kl-icnn d=2 M=100": "ffdfc0c6b16f85d2",
      "f32 porous d=2 M=100": "56f9c92d75ed91c4",
      "f32 interaction d=2 M=100": "c67f53227511e437",
    };
    const got: Record<string, string> = {};
    for (const precision of ["f64", "f32"] as const)
      for (const [what, d, M] of [
        ["kl", 2, 100],
        ["kl", 5, 101],
        ["kl-icnn", 2, 100],
        ["porous", 2, 100],
        ["interaction", 2, 100],
      ] as const) {
        const n = 300;
        const pool: Particles = {
          kind: "particles",
          n,
          d,
          x: Float64Array.from(normal(key(d), n * d), (v, i) => 0.8 * v + 0.1 * (i % d)),
        };
        const [kT, kh] = split(key(17), 2);
        const T =
          what === "kl-icnn"
            ? new GradientIcnn(d, 16, 2, kT, 0.05, precision)
            : new Mlp(d, d, 16, 2, true, kT, precision);
        const h = new Mlp(d, 1, 16, 2, false, kh, precision);
        const opts = {
          step: 0.1,
          outer: 8,
          inner: 3,
          batch: M,
          lr: 2e-3,
          schedule: "cosine",
        } as const;
        const target = quadraticTarget(d);
        const r =
          what === "porous"
            ? porousJkoStep(pool, sum(target, scale(porousMedium(2), 0.5)), T, h, opts, key(7))
            : what === "interaction"
              ? interactionJkoStep(pool, sum(target, interaction("quadratic")), T, opts, key(8))
              : klJkoStep(pool, kl(target), T, h, opts, key(5));
        got[`${precision} ${what} d=${d} M=${M}`] = digest(
          r.pool.x,
          r.primal,
          r.optimizer.T,
          r.optimizer.h ?? [],
        );
      }
    expect(got).toEqual(recorded);
  });

  /** The stationary OU flow from its own law, trained at learning rate `lr` (too large). */
  const stationaryRun = async (lr: number) => {
    const { flow } = await import("../../src/flow/flow.js");
    const { neuralJko } = await import("../../src/schemes/neuralJko.js");
    const law = gaussian({
      mean: [0, 0],
      cov: [
        [1, 0],
        [0, 1],
      ],
    });
    return flow({
      energy: kl(target()),
      initial: law,
      dt: 0.5,
      scheme: neuralJko({
        n: 500,
        batch: 250,
        outer: 100,
        width: 16,
        dualDepth: 2,
        lr,
        mapDepth: 2,
      }),
      until: 2,
      key: key(0),
    });
  };

  it("a collapsing dual is caught and the step retried at half the learning rate", async () => {
    // At lr 0.3 five attempts over the four steps collapse (the dual value falls far below
    // 0, its floor); each step is retried from its start at lr/2, then lr/4, and the run ends
    // ok at the stationary law. Oracle: the law is N(0, I); covariance within 0.1 (500
    // samples: standard error 0.063 per entry).
    const run = await stationaryRun(0.3);
    expect(run.status).toBe("ok");
    expect(run.retries).toBeGreaterThan(0);
    const cov = moments(run.final.measure as Particles).cov.data;
    [1, 0, 0, 1].forEach((v, i) => expect(Math.abs(cov[i] - v)).toBeLessThan(0.15));
  });

  it("a diverging training ends the run unstable with advice, keeping the last good step", async () => {
    // lr 0.8: step 1 succeeds on its second retry (lr 0.2); step 2 collapses at 0.8, 0.4, 0.2
    const run = await stationaryRun(0.8);
    expect(run.status).toBe("unstable");
    expect(run.advice).toMatch(/step 2: the dual network collapsed[\s\S]*smaller learning rate/);
    expect(run.steps).toBe(1);
    // both steps were retried, the failed one too
    expect(run.retries).toBe(2);
    expect((run.final.measure as Particles).x.every(Number.isFinite)).toBe(true);
  });
});
