/**
 * The densities the explorer's worker tabulates for the neural JKO panel (web/src/densities.ts),
 * against closed forms: the OU preset's Gibbs target e^{−V} is N(b, A⁻¹); the box holds the
 * start and the mixture's modes; ρ₀ (no map yet) and the exact law at t = 0 are the start
 * N(0, I). And the log axis's labels.
 */
import { describe, expect, it } from "vitest";
import { resolveRun } from "../../src/config/resolve.js";
import { prepareRun } from "../../src/config/run.js";
import { fromRows } from "../../src/core/matrix.js";
import { ouStationary } from "../../src/diagnostics/ou.js";
import { key } from "../../src/random/key.js";
import {
  densityPlan,
  gaussianTable,
  gibbsLog,
  learnedTable,
  tabulateLog,
} from "../../web/src/densities.js";
import { powerOfTen } from "../../web/src/lines.js";

const SMALL = { "scheme.n": 200, "scheme.batch": 100, "scheme.width": 8, "scheme.dualDepth": 1 };
const prepared = (preset: string) =>
  prepareRun(resolveRun({ preset, scheme: "neural-jko", values: SMALL, seed: 0 }, "test"));

const largest = (a: Float64Array, b: Float64Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe("the neural JKO panel's densities", () => {
  it("the OU preset's target e^{−V} is N(b, A⁻¹), normalised on the box", () => {
    // oracle: the stationary law in closed form; tol 10⁻³ of the peak: normalising on the box
    // leaves out the mass beyond it, at most a few thousandths (measured: 1·10⁻⁵ of the peak).
    const p = prepared("ou");
    const plan = densityPlan(p, 40);
    const target = plan?.target;
    if (!plan || !target) throw new Error("no density plan for ou");
    const A = fromRows(p.experiment.problem.A as number[][]);
    const b = Float64Array.from(p.experiment.problem.b as number[]);
    const exact = gaussianTable(ouStationary(A, b), plan.box, 90);
    const peak = Math.max(...exact.values);
    expect(largest(target.values, exact.values) / peak).toBeLessThan(1e-3);
    // Square, in halves: equal units on both axes.
    const [x0, x1, y0, y1] = plan.box;
    expect(x1 - x0).toBe(y1 - y0);
    for (const v of plan.box) expect(Number.isInteger(2 * v)).toBe(true);
  });

  it("the mixture's box holds the start's ±3.5σ and every mode down to 10⁻³ of its peak", () => {
    // Modes N(μ_k, ¼I) with |μ_k| = 2: 10⁻³ of the peak lies √(2·¼·ln 10³) = 1.86 from μ_k,
    // so the target reaches 3.86 along each axis; rounded out to ½: [−4, 4]².
    const plan = densityPlan(prepared("gmm"), 40);
    expect(plan?.box).toEqual([-4, 4, -4, 4]);
    const logTarget = gibbsLog(prepared("gmm").experiment.energy);
    if (!logTarget) throw new Error("the mixture's energy has a Gibbs target");
    const table = tabulateLog(logTarget, [-4, 4, -4, 4], 80);
    const cell = (8 / 80) ** 2;
    expect(table.values.reduce((s, v) => s + v, 0) * cell).toBeCloseTo(1, 12);
  });

  it("ρ₀ through no map, and the exact OU law at t = 0, are the start N(0, I)", async () => {
    // oracle: the start's Gaussian density; tol 1e-12 (the same formula, exp of the same logs).
    const p = prepared("ou");
    const plan = densityPlan(p, 16);
    if (!plan?.exact) throw new Error("no exact law for ou");
    const state = p.scheme.init(
      { energy: p.experiment.energy, initial: p.experiment.initial },
      key(0),
    );
    const learned = await learnedTable(
      plan.scheme,
      state,
      plan.initial,
      plan.box,
      16,
      async () => {},
      new AbortController().signal,
    );
    const start = gaussianTable(plan.initial, plan.box, 16);
    expect(learned && largest(learned.values, start.values)).toBeLessThan(1e-12);
    const atZero = gaussianTable(plan.exact(0), plan.box, 16);
    expect(largest(atZero.values, start.values)).toBeLessThan(1e-12);
  });

  it("a cancelled tabulation returns nothing", async () => {
    const p = prepared("ou");
    const plan = densityPlan(p, 16);
    if (!plan) throw new Error("no density plan for ou");
    const state = p.scheme.init(
      { energy: p.experiment.energy, initial: p.experiment.initial },
      key(0),
    );
    const controller = new AbortController();
    controller.abort();
    const table = await learnedTable(
      plan.scheme,
      state,
      plan.initial,
      plan.box,
      16,
      async () => {},
      controller.signal,
    );
    expect(table).toBeUndefined();
  });

  it("labels a log axis's powers of ten 10ᵏ", () => {
    expect([1e-4, 1e-3, 0.01, 0.1, 1, 10, 100, 1e12].map(powerOfTen)).toEqual([
      "10⁻⁴",
      "10⁻³",
      "10⁻²",
      "10⁻¹",
      "1",
      "10",
      "10²",
      "10¹²",
    ]);
  });
});
