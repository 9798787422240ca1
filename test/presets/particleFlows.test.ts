import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { executeRun } from "../../src/cli/execute.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { tempDir } from "../helpers.js";

const last = (xs: number[]) => xs[xs.length - 1];
const run = async (preset: string, params: string[]) =>
  (
    await executeRun(resolveRunConfig(preset, params), {
      out: join(tempDir(), preset),
      quiet: true,
    })
  ).summary;

describe("particle presets", () => {
  it("mmd-flow drives the energy distance to the teacher to sampling level", async () => {
    // oracle: the teacher samples; the unbiased energy distance of two samples of one law is
    // O(1/n) around 0 (measured −0.010 at n = 200); tol |·| < 0.03, from 4.2 at the start
    const s = await run("mmd-flow", []);
    expect(s.status).toBe("ok");
    expect(Math.abs(last(s.metrics["energy-distance:teacher"]))).toBeLessThan(0.03);
  });
});
