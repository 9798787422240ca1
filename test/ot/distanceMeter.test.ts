/**
 * Progress of long distance computations: every metric that can run long tells its meter how far
 * it has got, monotonically, ending at the whole (oracle: the work is done when the value is
 * returned, so the last fraction reported must be 1); the simplex, whose work is not known
 * ahead, reports its pivots. The value is the same with and without a meter.
 */
import { describe, expect, it } from "vitest";
import { type Meter, logFraction, partOf } from "../../src/core/meter.js";
import { cloud } from "../../src/ot/cloud.js";
import { distance } from "../../src/ot/distance.js";
import { key } from "../../src/random/key.js";
import { normal } from "../../src/random/sample.js";

function recorder(): { meter: Meter; fractions: number[]; counts: [number, string?][] } {
  const fractions: number[] = [];
  const counts: [number, string?][] = [];
  return {
    fractions,
    counts,
    meter: (done, total, unit) => {
      if (Number.isFinite(total)) fractions.push(done / total);
      else counts.push([done, unit]);
    },
  };
}

const a = cloud(normal(key(1), 2 * 300), 2);
const b = cloud(
  normal(key(2), 2 * 250).map((v) => v + 0.5),
  2,
);

describe("distance meters", () => {
  it.each([
    ["sinkhorn", { eps: 0.05 }],
    ["sinkhorn-cost", { eps: 0.05 }],
    ["sliced-w2", { projections: 50 }],
    ["kl", {}],
    ["kl-kde", {}],
    ["mmd", {}],
    ["energy", {}],
  ])("%s reports a non-decreasing fraction that ends at 1, and the same value", (metric, o) => {
    const r = recorder();
    const metered = distance(metric, a, b, { ...o, key: key(0), meter: r.meter });
    const plain = distance(metric, a, b, { ...o, key: key(0) });
    expect(metered.value).toBe(plain.value);
    expect(r.fractions.length).toBeGreaterThan(3);
    for (let i = 1; i < r.fractions.length; i++)
      expect(r.fractions[i]).toBeGreaterThanOrEqual(r.fractions[i - 1] - 1e-12);
    expect(r.fractions.every((f) => f >= 0 && f <= 1 + 1e-12)).toBe(true);
    // Sinkhorn reports before each check of the error, so its last report is below 1.
    if (metric.startsWith("sinkhorn")) expect(r.fractions.at(-1)).toBeGreaterThan(0.5);
    else expect(r.fractions.at(-1)).toBeCloseTo(1, 12);
  });

  it("the exact W2 reports its pivots as a count, every 1024", () => {
    const r = recorder();
    const big = cloud(normal(key(3), 2 * 400), 2);
    const other = cloud(normal(key(4), 2 * 400), 2);
    const metered = distance("w2", big, other, { meter: r.meter });
    expect(metered.value).toBe(distance("w2", big, other).value);
    expect(r.counts.length).toBeGreaterThan(0);
    expect(r.counts.every(([n, unit]) => n % 1024 === 0 && unit === "pivots")).toBe(true);
  });

  it("partOf maps a part's fraction into its span and passes counts through", () => {
    const r = recorder();
    partOf(r.meter, 0.2, 0.6)?.(1, 4);
    partOf(r.meter, 0.2, 0.6)?.(9, 4); // beyond the part's total: clamped to its end
    partOf(r.meter, 0.2, 0.6)?.(7, NaN, "pivots");
    expect(r.fractions[0]).toBeCloseTo(0.3, 14);
    expect(r.fractions[1]).toBeCloseTo(0.6, 14);
    expect(r.counts).toEqual([[7, "pivots"]]);
    expect(partOf(undefined, 0, 1)).toBeUndefined();
  });

  it("logFraction is linear in the logarithm of the error", () => {
    expect(logFraction(1, 1e-3, 1e-9)).toBeCloseTo(1 / 3, 12);
    expect(logFraction(1, 1e-12, 1e-9)).toBe(1);
    expect(logFraction(1e-10, 1e-10, 1e-9)).toBe(1); // already below the goal
  });
});
