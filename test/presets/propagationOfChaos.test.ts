import { describe, expect, it } from "vitest";
import { runExperiment } from "../../src/config/run.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { tabulateDensity, w2ToDensity } from "../../src/diagnostics/density1d.js";
import { w2ToGaussian1d } from "../../src/ot/oneD.js";
import { key } from "../../src/random/key.js";
import { normal } from "../../src/random/sample.js";

describe("propagation-of-chaos preset (seed 002 §10)", () => {
  it("the exact W2 to a Gaussian agrees with the tabulated-density path", () => {
    // oracle: w2ToDensity on a 200 000-cell table of the same Gaussian (independent code);
    // agreement to the table's resolution, measured 3e-9; tol 1e-7.
    const x = Float64Array.from(normal(key(5), 500), (z) => 0.3 + 1.7 * z + 0.1 * z * z);
    const table = tabulateDensity((y) => -0.5 * ((y - 0.2) / 1.5) ** 2, -12, 12, 200_000);
    expect(Math.abs(w2ToGaussian1d(x, 0.2, 1.5) - w2ToDensity(x, table))).toBeLessThan(1e-7);
  });

  it("N particles sit as close to the limit as N independent samples of it, and W2 falls like N^(−1/2)", async () => {
    // oracles: (1) the particle W2 to the scheme's mean-field law against the W2 of N exact
    // i.i.d. samples of that law (the same Gaussian, fresh keys), 16 repetitions each: within
    // a factor 1.35 at every N (measured 0.94–1.16); (2) the fitted exponent, −½ up to the
    // √(log log N) of 1D Gaussian samples: measured −0.485 on 10²…10⁴, tol [−0.62, −0.38].
    const sweep = [100, 316, 1000, 3162, 10_000];
    const config = resolveRunConfig("propagation-of-chaos", [
      "scheme.n=200",
      "until=0.5",
      "dt=0.01",
      `sweep=${JSON.stringify(sweep)}`,
      "repeats=16",
    ]);
    const { result: run, summary } = await runExperiment(config);
    expect(run.status).toBe("ok");
    const events = summary.events as Record<string, number>;
    const exponent = events["rate-exponent"];
    expect(exponent).toBeGreaterThan(-0.62);
    expect(exponent).toBeLessThan(-0.38);
    // The scheme's law at t = 0.5 (50 steps): mean 2·0.99^50, variance by the recursion.
    let v = 0.25;
    for (let k = 0; k < 50; k++) v = (1 - 0.02) ** 2 * v + 0.02;
    const mean = 2 * 0.99 ** 50;
    sweep.forEach((n, a) => {
      let iid = 0;
      for (let r = 0; r < 16; r++) {
        const z = normal(key(1000 * a + r), n);
        iid +=
          w2ToGaussian1d(
            z.map((u) => mean + Math.sqrt(v) * u),
            mean,
            Math.sqrt(v),
          ) / 16;
      }
      const ratio = events[`w2:N=${n}`] / iid;
      expect(ratio, `N = ${n}`).toBeGreaterThan(1 / 1.35);
      expect(ratio, `N = ${n}`).toBeLessThan(1.35);
    });
  }, 60_000);
});
