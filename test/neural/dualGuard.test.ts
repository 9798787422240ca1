/**
 * The collapse guard judges the dual's shape: the dual value at h's best constant offset.
 * Oracles: invariance under h → h + c, the inequality D̂ ≥ D, the closed-form KL(ρ‖μ) of two
 * Gaussians (attained by h = 1 + log(ρ/μ)), and the closed-form offset against bisection.
 */
import { describe, expect, it } from "vitest";
import { DualGuard, WINDOW, shiftedDual } from "../../src/neural/dualGuard.js";
import { NumericalError } from "../../src/core/errors.js";
import { normal } from "../../src/random/sample.js";
import { key } from "../../src/random/key.js";

const exp1 = (s: number) => Math.exp(s - 1);
/** The entropy's conjugate g*(s) = e^{s−1}, with and without its closed-form offset. */
const bisected = { conjugate: exp1, conjugateSlope: exp1 };
const closed = {
  ...bisected,
  bestOffset: (hz: Float64Array) => {
    let s = 0;
    for (const v of hz) s += Math.exp(v);
    return 1 - Math.log(s / hz.length);
  },
};
/** The porous medium's, m = 2: g*(s) = s²/4 for s > 0, g*′(s) = s/2. */
const porous = {
  conjugate: (s: number) => (s > 0 ? (s * s) / 4 : 0),
  conjugateSlope: (s: number) => (s > 0 ? s / 2 : 0),
};

/** ρ = N(0.5, 1), μ = N(0, 1.5²): KL(ρ‖μ) = log 1.5 + (1 + 0.25)/(2·2.25) − ½. */
const KL = Math.log(1.5) + 1.25 / 4.5 - 0.5;
function samples(M: number, seed: number) {
  const y = Float64Array.from(normal(key(seed), M), (v) => 0.5 + v);
  const z = Float64Array.from(normal(key(seed + 1), M), (v) => 1.5 * v);
  // h = 1 + log(ρ/μ) (the maximiser), then shifted by 3 (a shape as good, a dual far lower)
  const h = (x: number) => 4 + Math.log(1.5) - (x - 0.5) ** 2 / 2 + x ** 2 / 4.5;
  return { hy: y.map(h), hz: z.map(h) };
}
const plain = (hy: Float64Array, hz: Float64Array) =>
  hy.reduce((a, b) => a + b, 0) / hy.length - hz.reduce((a, b) => a + exp1(b), 0) / hz.length;

describe("the neural step's collapse guard", () => {
  it("scores the maximiser at KL(ρ‖μ) whatever its offset, where the plain dual does not", () => {
    const { hy, hz } = samples(200_000, 1);
    const s = shiftedDual(closed, hy, hz);
    // sampling error only: 5 standard errors
    expect(Math.abs(s.value - KL)).toBeLessThan(5 * s.stderr);
    expect(s.stderr).toBeLessThan(0.01);
    expect(plain(hy, hz)).toBeLessThan(-10); // e³ − 3 − 1 below: what the old guard judged
    const shifted = shiftedDual(
      closed,
      hy.map((v) => v - 7),
      hz.map((v) => v - 7),
    );
    expect(shifted.value).toBeCloseTo(s.value, 10);
  });

  it("the bisected offset agrees with the closed form, and D̂ ≥ D for every h", () => {
    for (let seed = 0; seed < 5; seed++) {
      const hy = Float64Array.from(normal(key(10 + seed), 500), (v) => 2 * v + seed - 2);
      const hz = Float64Array.from(normal(key(20 + seed), 500), (v) => 1.5 * v + seed - 3);
      const a = shiftedDual(closed, hy, hz);
      expect(shiftedDual(bisected, hy, hz).value).toBeCloseTo(a.value, 7);
      expect(a.value).toBeGreaterThanOrEqual(plain(hy, hz));
      // porous, m = 2: D(h + c) is maximal at the offset found (a neighbour scores less)
      const p = shiftedDual(porous, hy, hz).value;
      for (const c of [-0.1, 0.1]) {
        const hy2 = hy.map((v) => v + c);
        const hz2 = hz.map((v) => v + c);
        const at = (x: Float64Array, w: Float64Array, off: number) =>
          x.reduce((s, v) => s + v + off, 0) / x.length -
          w.reduce((s, v) => s + porous.conjugate(v + off), 0) / w.length;
        expect(p).toBeGreaterThanOrEqual(at(hy2, hz2, 0) - 1e-12);
        expect(shiftedDual(porous, hy2, hz2).value).toBeCloseTo(p, 7);
      }
    }
  });

  it("lets a far-offset healthy h pass and stops a collapsing one", () => {
    const { hy, hz } = samples(1000, 3);
    const healthy = new DualGuard(closed);
    for (let it = 0; it < 5 * WINDOW; it++)
      healthy.observe(
        it,
        hy.map((v) => v + 40),
        hz.map((v) => v + 40),
      );
    // a collapse: h grows on μ's samples, against the pushed ones, iteration after iteration
    const collapsing = new DualGuard(closed);
    const run = () => {
      for (let it = 0; it < 5 * WINDOW; it++)
        collapsing.observe(
          it,
          hy,
          hz.map((v, r) => v + 0.3 * it * Math.abs(v - hy[r])),
        );
    };
    expect(run).toThrow(NumericalError);
    expect(run).toThrow(/dual network collapsed by iteration \d+: its shape scores -/);
  });
});
