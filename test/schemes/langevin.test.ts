import { describe, expect, it } from "vitest";
import { flow } from "../../src/flow/flow.js";
import { kl, porousMedium, quadratic, sum, doubleWell } from "../../src/energies/index.js";
import { gaussian, particles } from "../../src/measures/construct.js";
import { ouEulerMaruyamaLaw } from "../../src/diagnostics/ou.js";
import { fromRows } from "../../src/core/matrix.js";
import { ConfigError } from "../../src/core/errors.js";
import { key } from "../../src/random/key.js";
import { langevin } from "../../src/schemes/langevin.js";
import { meanVar } from "../helpers.js";

describe("Langevin (Euler–Maruyama)", () => {
  it("matches the exact law of the Euler–Maruyama chain for an OU target", async () => {
    // oracle: for V = a(x−b)²/2 the EM chain stays Gaussian with mean/variance by recursion (ouEulerMaruyamaLaw);
    // tol 5 standard errors of the sample mean (√(v/N)) and variance (v√(2/N))
    const a = 2;
    const b = 1.5;
    const A = fromRows([[a]]);
    const initial = gaussian({ mean: [0], cov: [[1]] });
    const n = 40_000;
    const h = 0.05;
    const run = await flow({
      energy: kl(quadratic({ A, b: [b] })),
      initial,
      dt: h,
      scheme: langevin({ n }),
      until: 0.5,
      key: key(4),
    });
    expect(run.status).toBe("ok");
    const law = ouEulerMaruyamaLaw(A, Float64Array.of(b), initial, h, 10);
    const p = run.final.measure;
    if (p.kind !== "particles") throw new Error("particles expected");
    const [m, v] = meanVar(p.x);
    const vExact = law.cov.data[0];
    expect(Math.abs(m - law.mean[0])).toBeLessThan(5 * Math.sqrt(vExact / n));
    expect(Math.abs(v - vExact)).toBeLessThan(5 * vExact * Math.sqrt(2 / n));
  });

  it("refuses a porous-medium energy and names the reason", async () => {
    await expect(
      flow({
        energy: sum(doubleWell(), porousMedium(2)),
        initial: gaussian({ mean: [0], cov: [[1]] }),
        dt: 0.01,
        scheme: langevin({ n: 10 }),
        until: 1,
        key: key(0),
      }),
    ).rejects.toThrow(/does not take porous/);
  });

  it("rejects a non-positive step and too few particles", async () => {
    const problem = { energy: kl(doubleWell()), initial: gaussian({ mean: [0], cov: [[1]] }) };
    await expect(
      flow({ ...problem, dt: -1, scheme: langevin(), until: 1, key: key(0) }),
    ).rejects.toThrow(ConfigError);
    expect(() => langevin({ n: 1 })).toThrow(/n = 1 is out of range: expected an integer in \[2,/);
    // a start of one particle, given as particles
    await expect(
      flow({
        energy: kl(doubleWell()),
        initial: particles([0], 1),
        dt: 0.1,
        scheme: langevin(),
        until: 1,
        key: key(0),
      }),
    ).rejects.toThrow(/N ≥ 2/);
  });

  it("refuses a potential whose dimension differs from the measure's", async () => {
    await expect(
      flow({
        energy: kl(
          quadratic({
            A: [
              [1, 0],
              [0, 1],
            ],
            b: [0, 0],
          }),
        ),
        initial: gaussian({ mean: [0], cov: [[1]] }),
        dt: 0.1,
        scheme: langevin({ n: 10 }),
        until: 1,
        key: key(0),
      }),
    ).rejects.toThrow(/2-dimensional but the initial measure is 1-dimensional/);
  });
});
