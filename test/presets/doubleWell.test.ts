/**
 * The acceptance test of the showcase: the default double-well preset, run as the
 * README's command runs it, ends "ok" with a final histogram that matches e^{−V}/Z.
 */
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { executeRun } from "../../src/cli/execute.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { tabulateDensity } from "../../src/diagnostics/density1d.js";
import { decodeNpy } from "../../src/io/npy.js";
import { readIndex } from "../../src/io/runDir.js";
import { KS_CRITICAL_0001, tempDir } from "../helpers.js";

describe("double-well preset (seed 002 §11)", () => {
  it("ends ok, and its final histogram matches the Gibbs density", async () => {
    const out = join(tempDir(), "dw");
    const { summary } = await executeRun(resolveRunConfig("double-well", []), { out, quiet: true });
    expect(summary.status).toBe("ok");
    expect(summary.t[summary.t.length - 1]).toBe(10);

    const index = readIndex(out);
    const x = decodeNpy(readFileSync(join(out, "snapshots", index[index.length - 1].file))).data;
    const n = x.length;
    expect(n).toBe(2000);
    const gibbs = tabulateDensity((y) => -((y * y - 1) ** 2), -4, 4, 40000);

    // oracle 1: Pearson χ² of 24 equiprobable bins of e^{−V}/Z. The particles are independent (no
    // interaction), so χ² ~ χ²(23) up to the O(dt) Euler–Maruyama bias; 49.7 is its 0.999 quantile.
    const bins = 24;
    const counts = new Array<number>(bins).fill(0);
    for (const xi of x) counts[Math.min(bins - 1, Math.floor(gibbs.cdf(xi) * bins))]++;
    const expected = n / bins;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(49.7);

    // oracle 2: Kolmogorov–Smirnov at α = 0.001, recorded by the run itself.
    const ks = summary.metrics["ks:gibbs"];
    expect(ks[ks.length - 1] * Math.sqrt(n)).toBeLessThan(KS_CRITICAL_0001);
    // Symmetry: mass right of 0 is ½ within 4 binomial standard errors.
    const right = summary.metrics["mass:x>0"];
    expect(Math.abs(right[right.length - 1] - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / n));
    // The free energy approaches its minimum −log Z = −0.67993 (spacing-estimator error ~0.02 at n = 2000).
    expect(Math.abs(summary.energy[summary.energy.length - 1] + 0.67993)).toBeLessThan(0.03);
  });
});
