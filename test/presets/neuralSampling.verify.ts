import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { executeRun } from "../../src/cli/execute.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { tempDir } from "../helpers.js";

const last = (xs: number[]) => xs[xs.length - 1];
const small = ["scheme.outer=100", "scheme.n=1000", "scheme.width=32"];

describe("sampling presets by the neural JKO", () => {
  // oracle: exact samples of each target (the mixture's own sampler; rejection sampling of
  // the two-moons density). The unbiased energy distance of two samples of one law is
  // O(1/n) around 0 (n = 1000 and 2000 here). Measured at the presets' end (t = 2, 20 steps):
  // −0.0028 (gmm, from 0.22) and −0.0011 (two-moons, from 0.32). Tol: below 0.02 and below a
  // tenth of the start.
  for (const preset of ["gmm", "two-moons"])
    it(`${preset}: the pool reaches the target in energy distance`, async () => {
      const { summary } = await executeRun(resolveRunConfig(preset, small), {
        out: join(tempDir(), preset),
        quiet: true,
      });
      expect(summary.status).toBe("ok");
      expect(last(summary.t)).toBeCloseTo(2, 9);
      const ed = summary.metrics["energy-distance:target"];
      expect(Math.abs(last(ed))).toBeLessThan(0.02);
      expect(Math.abs(last(ed))).toBeLessThan(0.1 * ed[0]);
    });
});
