import { describe, expect, it } from "vitest";
import { klJkoStep } from "../../src/neural/klJkoStep.js";
import { Mlp } from "../../src/nn/mlp.js";
import { quadratic } from "../../src/energies/potential.js";
import { interaction } from "../../src/energies/interaction.js";
import { sum } from "../../src/energies/combine.js";
import { gaussian } from "../../src/measures/construct.js";
import { sample } from "../../src/measures/convert.js";
import { moments } from "../../src/measures/moments.js";
import type { Particles } from "../../src/measures/types.js";
import { key } from "../../src/random/key.js";

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

  /** The stationary OU flow from its own law, trained at learning rate `lr` (too large). */
  const stationaryRun = async (lr: number) => {
    const { flow } = await import("../../src/flow/flow.js");
    const { kl } = await import("../../src/energies/internal.js");
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
