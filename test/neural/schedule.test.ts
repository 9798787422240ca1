import { describe, expect, it } from "vitest";
import { quadratic } from "../../src/energies/potential.js";
import { kl } from "../../src/energies/internal.js";
import { klJkoStep } from "../../src/neural/klJkoStep.js";
import {
  PLATEAU_LAG,
  PLATEAU_WINDOW,
  StepSchedule,
  cosineTail,
} from "../../src/neural/schedule.js";
import { Mlp } from "../../src/nn/mlp.js";
import type { Particles } from "../../src/measures/types.js";
import { key } from "../../src/random/key.js";
import { normal } from "../../src/random/sample.js";

describe("cosineTail (the neural step's learning-rate schedule)", () => {
  it("holds the rate for the first half, then lowers it monotonically towards 0", () => {
    // oracle: the definition, 1 on [0, J1/2) and ½(1 + cos(π(it − J1/2 + 1)/(J1/2 + 1))) after
    const outer = 200;
    const f = Array.from({ length: outer }, (_, it) => cosineTail(it, outer));
    expect(f.slice(0, 100).every((v) => v === 1)).toBe(true);
    for (let it = 100; it < outer; it++) expect(f[it]).toBeLessThan(f[it - 1]);
    expect(f[outer - 1]).toBeGreaterThan(0);
    expect(f[outer - 1]).toBeLessThan(1e-3);
    expect(f[150]).toBeCloseTo(0.5 * (1 + Math.cos((Math.PI * 51) / 101)), 12);
  });
});

describe("StepSchedule (a step's rate, and the plateau test's effect on it)", () => {
  it("is the cosine schedule bit for bit without a plateau, and constant without the cosine", () => {
    for (const outer of [100, 101, 7]) {
      const s = new StepSchedule(outer, true);
      expect(s.end).toBe(outer);
      for (let it = 0; it < outer; it++) expect(s.rate(it)).toBe(cosineTail(it, outer));
    }
    const constant = new StepSchedule(50, false);
    expect(Array.from({ length: 50 }, (_, it) => constant.rate(it)).every((v) => v === 1)).toBe(
      true,
    );
  });

  it("after a plateau, decays at once with the full schedule's tail, shifted", () => {
    // oracle: the cosine schedule of J1 = 100 holds 50 iterations and decays over 50; a plateau
    // after iteration 29 makes it hold 30 and decay over the same 50, so the step takes 80
    const s = new StepSchedule(100, true);
    const looks = Array.from({ length: 50 }, (_, it) => it).filter((it) => s.looksAfter(it));
    expect(looks).toEqual([9, 19, 29, 39, 49].filter((it) => it < 50));
    s.plateau(29);
    expect(s.end).toBe(80);
    for (let it = 0; it < 30; it++) expect(s.rate(it)).toBe(1);
    for (let j = 0; j < 50; j++) expect(s.rate(30 + j)).toBe(cosineTail(50 + j, 100));
    // no more looks once the rate falls
    expect(Array.from({ length: 80 }, (_, it) => it).filter((it) => s.looksAfter(it))).toEqual([
      9, 19, 29,
    ]);
  });
});

describe("the variational step's plateau test", () => {
  const d = 2;
  const n = 2000;
  /** A pool of N(m, I) in 2D (drawn with `seed`), and one KL step towards N(0, I) of a = 0.1. */
  const step = (
    m: number,
    seed: number,
    stop: "cap" | "plateau",
    schedule: "cosine" | "constant" = "cosine",
  ) => {
    const pool: Particles = {
      kind: "particles",
      n,
      d,
      x: Float64Array.from(normal(key(seed), n * d), (v) => v + m),
    };
    // T starts at the identity (its last layer zero), as the scheme's does
    const T = new Mlp(d, d, 16, 1, true, key(4));
    const last = T.layers[T.layers.length - 1];
    last.w.data.fill(0);
    last.b.data.fill(0);
    const h = new Mlp(d, 1, 16, 2, false, key(5));
    const target = quadratic({
      A: [
        [1, 0],
        [0, 1],
      ],
      b: [0, 0],
    });
    const options = { step: 0.1, outer: 200, inner: 3, batch: 500, lr: 0.005, schedule, stop };
    return klJkoStep(pool, kl(target), T, h, options, key(seed + 3));
  };
  const seeds = [3, 13, 23];

  it("cuts the held rate short where T has little to learn, and not where it must move the pool", () => {
    // From a sample of the target itself the identity T starts at is nearly the step's map
    // (up to the sample's own error): measured 180, 130, 130 iterations of the cap's 200, the
    // least possible being 30 held + 100 decaying. From N(3, I) the map must move every
    // particle by a·3/(1 + a) ≈ 0.27: measured 200 each.
    const least = PLATEAU_LAG * PLATEAU_WINDOW + 100;
    const still = seeds.map((seed) => step(0, seed, "plateau").iterations);
    expect(Math.min(...still)).toBe(least);
    expect(Math.max(...still)).toBeLessThan(200);
    const moving = seeds.map((seed) => step(3, seed, "plateau").iterations);
    expect(Math.min(...moving)).toBeGreaterThanOrEqual(190);
    expect(step(0, 3, "cap").iterations).toBe(200);
  });

  it("refuses a plateau test without the cosine decay", () => {
    expect(() => step(0, 3, "plateau", "constant")).toThrow(/cosine/);
  });
});
