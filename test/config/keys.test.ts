/**
 * Key discipline: every random draw of a run descends from its seed. Oracle: bitwise
 * comparison — the same seed reproduces a run exactly (networks, samples, estimates), and a
 * different seed changes each stochastic output, including the initial networks of the neural
 * JKO, which earlier came from fixed keys.
 */
import { describe, expect, it } from "vitest";
import { resolveRun } from "../../src/config/resolve.js";
import { runExperiment } from "../../src/config/run.js";
import { neuralJko, type NeuralJkoState } from "../../src/schemes/neuralJko.js";
import { quadratic } from "../../src/energies/potential.js";
import { gaussian } from "../../src/measures/construct.js";
import { key } from "../../src/random/key.js";
import type { Particles } from "../../src/measures/types.js";

const run = (seed: number) =>
  runExperiment(
    resolveRun({
      preset: "ou",
      scheme: "neural-jko",
      params: { dim: 2 },
      schemeParams: { n: 200, outer: 3, batch: 100, width: 8, dualDepth: 1 },
      time: { dt: 0.05, until: 0.05, save_every: 0.05 },
      seed,
    }),
  );

const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

describe("seeds reach every draw", () => {
  it("the same seed reproduces bit for bit; another seed changes networks, samples and estimates", async () => {
    const [a, b, c] = await Promise.all([run(0), run(0), run(1)]);
    const weights = (r: typeof a) => (r.result.final as NeuralJkoState).weights;
    const points = (r: typeof a) => ((r.result.final as NeuralJkoState).measure as Particles).x;
    const estimate = (r: typeof a) => r.result.snapshots.map((s) => s.energy);
    expect(a.summary.status).toBe("ok");
    expect(same(weights(a), weights(b))).toBe(true);
    expect(same(points(a), points(b))).toBe(true);
    expect(estimate(a)).toEqual(estimate(b));
    expect(same(weights(a), weights(c))).toBe(false);
    expect(same(points(a), points(c))).toBe(false);
    expect(estimate(a)[0]).not.toBe(estimate(c)[0]);
  });

  it("the initial networks come from the run's key", () => {
    const scheme = neuralJko({ n: 50, width: 8 });
    const problem = {
      energy: quadratic({ A: [[1]], b: [0] }),
      initial: gaussian({ mean: [0], cov: [[1]] }),
    };
    const w = (seed: number) => scheme.init(problem, key(seed)).weights;
    expect(same(w(0), w(0))).toBe(true);
    expect(same(w(0), w(1))).toBe(false);
  });
});
