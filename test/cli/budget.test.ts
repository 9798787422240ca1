/** Bounds checked before the work: a run that cannot fit is refused with its numbers, and leaves nothing. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LimitError } from "../../src/core/errors.js";
import { budgetOf, checkBudget, typedBytes } from "../../src/cli/budget.js";
import { executeRun } from "../../src/cli/execute.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { particles } from "../../src/measures/construct.js";
import { tempDir } from "../helpers.js";

describe("run budgets", () => {
  it("count the state's arrays once, and the snapshots the plan saves", () => {
    // oracle: 1000 particles in 64D are 512 000 bytes of float64; shared arrays count once
    const measure = particles(new Float64Array(64_000), 64);
    expect(typedBytes({ measure, again: measure })).toBe(512_000);
    const b = budgetOf({ step: 0, t: 0, measure }, { steps: 100, saves: 11 });
    expect(b.diskBytes).toBe(11 * (512_000 + 256) + 2 * (512_000 + 4096));
    // one million particles in 64D (ou's advertised range), 11 snapshots: 5.2 GiB on disk
    const big = budgetOf(
      { step: 0, t: 0, measure: particles(new Float64Array(64), 64) },
      { steps: 2000, saves: 11 },
    );
    const scaled = {
      ...big,
      snapshotBytes: 512e6,
      stateBytes: 512e6,
      diskBytes: 11 * 512e6 + 1024e6,
      memoryBytes: 1536e6,
    };
    expect(() => checkBudget(scaled, "/data", { memory: 8 * 2 ** 30, disk: 4 * 2 ** 30 })).toThrow(
      /the run needs 2000 steps, 11 snapshots of 488\.3 MiB: 6\.2 GiB on disk.*\/data has 4\.0 GiB free/,
    );
    expect(() => checkBudget(scaled, "/data", { memory: 1 * 2 ** 30 })).toThrow(
      /1\.0 GiB of memory/,
    );
    expect(checkBudget(scaled, "/data", { memory: 64 * 2 ** 30, disk: 64 * 2 ** 30 })).toMatch(
      /^2000 steps/,
    );
  });

  it("a run that does not fit is refused before its first step, and its partial directory removed", async () => {
    const out = join(tempDir(), "huge");
    const config = resolveRunConfig("heat-1d", ["until=0.05"]);
    await expect(executeRun(config, { out, quiet: true, limits: { disk: 1000 } })).rejects.toThrow(
      LimitError,
    );
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });
});
