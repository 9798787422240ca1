import { describe, expect, it } from "vitest";
import { runExperiment } from "../../src/config/run.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { experimentKeys } from "../../src/config/resolve.js";
import { identity } from "../../src/core/matrix.js";
import { ouIterates, ouLaw } from "../../src/diagnostics/ou.js";
import { gaussian } from "../../src/measures/construct.js";
import { w2SquaredGaussian } from "../../src/ot/gaussian.js";
import { ouTarget } from "../../src/presets/ou.js";

/**
 * The neural midpoint rule's order in a on seed 001's OU problem: W2 of the pool's moments to
 * the exact law at t = 0.9 for a = 0.45 and 0.225. The start is moment-matched (the pool's
 * first two moments exact, so the pool adds no sampling error to the moments an affine map
 * pushes) and each step is trained well below its time error: J1 = 1000, M = 4000, rate 0.002
 * with the cosine tail (the dual at width 16; T is affine whatever the width). At the preset's
 * J1 = 100 the training error (W2 ≈ 4e-3 at a = 0.15) is the size of the time error itself and
 * the measured order collapses (bench/neuralMidpointOrder.ts).
 */
const [until, steps] = [0.9, [0.45, 0.225]];
const settings = [
  "scheme.time=midpoint",
  "scheme.start=moments",
  "scheme.n=20000",
  "scheme.outer=1000",
  "scheme.batch=4000",
  "scheme.lr=0.002",
  "scheme.width=16",
];

async function errorAt(d: number, a: number): Promise<number> {
  const config = resolveRunConfig(
    "ou",
    [`dim=${d}`, `dt=${a}`, `until=${until}`, `save_every=${until}`, ...settings],
    0,
    "neural-jko",
  );
  const { result } = await runExperiment(config);
  expect(result.status).toBe("ok");
  return result.history.metrics["w2:gaussian"].at(-1) as number;
}

describe("the neural JKO's midpoint rule on OU", () => {
  it.each([2, 6])(
    "is second order in a at d = %i (order ≥ 1.8 from a = 0.45 to 0.225)",
    async (d) => {
      // oracle: ouLaw (the exact OU law). The exact midpoint iterates' own order over these
      // steps is 2.05 (d = 2 and 6), so the steps are in the asymptotic range; measured
      // neural orders 2.04 (d = 2) and 2.09 (d = 6); bound 1.8, the goal.
      const { A, b } = ouTarget(d, experimentKeys(0).problem);
      const start = gaussian({ mean: new Float64Array(d), cov: identity(d) });
      const law = ouLaw(A, b, start, until);
      const exact = steps.map((a) =>
        Math.sqrt(
          w2SquaredGaussian(ouIterates(A, b, a, start, "midpoint")(Math.round(until / a)), law),
        ),
      );
      expect(Math.log2(exact[0] / exact[1])).toBeGreaterThan(1.95);
      const neural = [];
      for (const a of steps) neural.push(await errorAt(d, a));
      expect(Math.log2(neural[0] / neural[1])).toBeGreaterThan(1.8);
    },
    600_000,
  );
});
