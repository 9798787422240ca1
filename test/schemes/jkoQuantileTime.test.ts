import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/errors.js";
import { matrix } from "../../src/core/matrix.js";
import {
  barenblatt,
  barenblattBdf2Scale,
  barenblattJkoScale,
  barenblattMidpointScale,
  barenblattScale,
} from "../../src/diagnostics/barenblatt.js";
import { type TimeScheme, ouIterates } from "../../src/diagnostics/ou.js";
import { kl, porousMedium } from "../../src/energies/internal.js";
import { quadratic } from "../../src/energies/potential.js";
import { flow } from "../../src/flow/flow.js";
import { gaussian } from "../../src/measures/construct.js";
import { momentsOf, w2SquaredGaussian } from "../../src/ot/gaussian.js";
import { key } from "../../src/random/key.js";
import {
  bdf2Step,
  jkoQuantile1d,
  jkoQuantileStep,
  midpointStep,
} from "../../src/schemes/jkoQuantile1d.js";

// OU in 1D: KL to N(0.5, 1/1.5) from N(−1, 0.5).
const A = matrix(1, 1, [1.5]);
const b = Float64Array.from([0.5]);
const initial = gaussian({ mean: [-1], cov: [[0.5]] });
const energy = kl(quadratic({ A: [[1.5]], b: [0.5] }));

async function ouRun(time: TimeScheme, dt: number, until: number, n = 2000) {
  return flow({ energy, initial, scheme: jkoQuantile1d({ n, time }), dt, until, key: key(0) });
}

describe("jko-quantile-1d's time schemes on the 1D OU flow", () => {
  it("midpoint and BDF2 reproduce their exact Gaussian iterates", async () => {
    // oracle: ouIterates (the exact midpoint / BDF2 iterates of a Gaussian). The quantile
    // discretisation leaves 2.4e-5 in W2 of the moments at n = 4000 (measured; ~1/n), tol 1e-4,
    // while the first-order JKO iterate is 50–100× further (2.4e-3, 5.0e-3 at a = 0.05).
    const [dt, until] = [0.05, 0.5];
    const steps = Math.round(until / dt);
    for (const time of ["midpoint", "bdf2"] as const) {
      const run = await ouRun(time, dt, until, 4000);
      expect(run.status).toBe("ok");
      const m = momentsOf(run.final.measure);
      const own = Math.sqrt(w2SquaredGaussian(m, ouIterates(A, b, dt, initial, time)(steps)));
      const jko = Math.sqrt(w2SquaredGaussian(m, ouIterates(A, b, dt, initial, "jko")(steps)));
      expect(own).toBeLessThan(1e-4);
      expect(jko).toBeGreaterThan(20 * own);
    }
  });

  it("reports the step where the midpoint's extrapolated map folds, with a step that does not", async () => {
    // oracle: from N(0, 1) towards N(0, 0.01) the velocity −(A − 1/σ²)x compresses at rate 99,
    // so the half step's ratio 1/(1 + 99a/2) falls below ½ for a > 2/99 = 0.0202: at a = 1
    // 2T − Id folds at once, and the advised step must lie below 0.0202 (half of it, up to the
    // cells' own discretisation); BDF2 never folds.
    const squeeze = kl(quadratic({ A: [[100]], b: [0] }));
    const start = gaussian({ mean: [0], cov: [[1]] });
    const run = await flow({
      energy: squeeze,
      initial: start,
      scheme: jkoQuantile1d({ n: 200, time: "midpoint" }),
      dt: 1,
      until: 2,
      key: key(0),
    });
    expect(run.status).toBe("unstable");
    expect(run.steps).toBe(0);
    expect(run.advice).toMatch(/step 1: .*folds/);
    const safe = Number(/dt ≤ ([0-9.e-]+)/.exec(run.advice ?? "")?.[1]);
    expect(safe).toBeGreaterThan(0.005);
    expect(safe).toBeLessThan(0.0202);
    const retry = await flow({
      energy: squeeze,
      initial: start,
      scheme: jkoQuantile1d({ n: 200, time: "midpoint" }),
      dt: safe,
      until: 4 * safe,
      key: key(0),
    });
    expect(retry.status).toBe("ok");
    const bdf2 = await flow({
      energy: squeeze,
      initial: start,
      scheme: jkoQuantile1d({ n: 200, time: "bdf2" }),
      dt: 1,
      until: 2,
      key: key(0),
    });
    expect(bdf2.status).toBe("ok");
  });

  it("refuses an unknown time scheme at the boundary", () => {
    expect(() => jkoQuantile1d({ time: "rk4" as never })).toThrow(ConfigError);
  });
});

describe("jko-quantile-1d's time schemes on the Barenblatt solution", () => {
  it("stay on the exact midpoint / BDF2 iterates of the Barenblatt family", () => {
    // oracle: barenblattMidpointScale / barenblattBdf2Scale (the family is kept exactly). Nodes
    // at the exact quantiles; W2 by 4-point Gauss per cell. The cells leave 3.6e-5 at n = 4000
    // (measured), tol 1e-4; the PDE solution itself is 10–40× further at τ = 0.05.
    const B = barenblatt(2);
    const E = porousMedium(2);
    const [t0, until, tau, n] = [0.1, 0.5, 0.05, 4000];
    const s0 = barenblattScale(2, 0, t0);
    const gauss = [
      [0.0694318442, 0.1739274226],
      [0.3300094782, 0.3260725774],
      [0.6699905218, 0.3260725774],
      [0.9305681558, 0.1739274226],
    ];
    const w2 = (x: Float64Array, s: number) => {
      let acc = 0;
      for (let i = 0; i < n; i++)
        for (const [u, w] of gauss)
          acc += (w * (x[i] + u * (x[i + 1] - x[i]) - s * B.table.quantile((i + u) / n)) ** 2) / n;
      return Math.sqrt(acc);
    };
    for (const time of ["midpoint", "bdf2"] as const) {
      let x: Float64Array<ArrayBufferLike> = Float64Array.from(
        { length: n + 1 },
        (_, i) => s0 * B.table.quantile(i / n),
      );
      [x[0], x[n]] = [-s0 * B.radius, s0 * B.radius];
      let previous: Float64Array<ArrayBufferLike> | null = null;
      let [s, sPrev] = [s0, s0];
      for (let k = 0; k < Math.round(until / tau); k++) {
        const next: Float64Array<ArrayBufferLike> =
          time === "midpoint"
            ? midpointStep(x, tau, E).x
            : previous
              ? bdf2Step(x, { x: previous, dt: tau }, tau, E).x
              : jkoQuantileStep(x, tau, E).x;
        [previous, x] = [x, next];
        const sNext: number =
          time === "midpoint"
            ? barenblattMidpointScale(B, s, tau)
            : k === 0
              ? barenblattJkoScale(B, s, tau)
              : barenblattBdf2Scale(B, s, sPrev, tau);
        [sPrev, s] = [s, sNext];
      }
      expect(w2(x, s)).toBeLessThan(1e-4);
      expect(w2(x, barenblattScale(2, until, t0))).toBeGreaterThan(2 * w2(x, s));
    }
  });
});
