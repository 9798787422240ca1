import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { executeRun } from "../../src/cli/execute.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { tempDir } from "../helpers.js";

const last = (xs: number[]) => xs[xs.length - 1];

describe("aggregation-ring-neural (the interaction inside the neural JKO step)", () => {
  it("approaches the ring of radius 1/√3 and its energy −1/12", async () => {
    // oracle: the steady ring (docs/verification.md) and its energy ½(1.5R⁴ − R²) = −1/12 at
    // R = 1/√3. Measured at t = 10 (20 steps): mean radius 0.5770, energy −0.08327 (from
    // −0.0572). Tol: radius within 0.005, energy within 5e-4; the smooth map closes the
    // hole slowly, so the largest deviation is only required to have shrunk.
    const { summary } = await executeRun(
      resolveRunConfig("aggregation-ring-neural", ["until=10"]),
      { out: join(tempDir(), "ring-neural"), quiet: true },
    );
    expect(summary.status).toBe("ok");
    expect(Math.abs(last(summary.metrics["radius:mean"]) - 1 / Math.sqrt(3))).toBeLessThan(0.005);
    expect(Math.abs(last(summary.energy) + 1 / 12)).toBeLessThan(5e-4);
    const dev = summary.metrics["radius:max-deviation"];
    expect(last(dev)).toBeLessThan(0.5 * dev[0]);
  });
});
