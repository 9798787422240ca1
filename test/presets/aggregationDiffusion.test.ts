/**
 * The event counters of aggregation-diffusion on constructed densities. Oracle: grids built
 * with a known number of maxima and of tall separate regions.
 */
import { describe, expect, it } from "vitest";
import { grid } from "../../src/measures/construct.js";
import { countMaxima, countPulses } from "../../src/presets/aggregationDiffusion.js";

const box = (density: (x: ArrayLike<number>) => number, shape = 40) =>
  grid({ lower: [-3, -3], upper: [3, 3], shape: [shape, shape], density });
const bump =
  (cx: number, cy: number, h = 1, w = 0.3) =>
  (x: ArrayLike<number>) =>
    h * Math.exp(-((x[0] - cx) ** 2 + (x[1] - cy) ** 2) / (2 * w * w));

describe("aggregation-diffusion events", () => {
  it("counts local maxima: four bumps, a bump on a cell corner, the flat start", () => {
    const corners = [
      [-1.5, -1.5],
      [-1.5, 1.5],
      [1.5, -1.5],
      [1.5, 1.5],
    ];
    const four = box((x) => corners.reduce((s, [a, b]) => s + bump(a, b)(x), 0));
    expect(countMaxima(four)).toBe(4);
    expect(countPulses(four)).toBe(4);
    // Centred on a cell corner (40 cells on [−3, 3]: 0 is a corner): four tied top cells, one maximum.
    expect(countMaxima(box(bump(0, 0)))).toBe(1);
    expect(countMaxima(box(() => 1))).toBe(1);
    expect(countMaxima(box(() => 0))).toBe(0);
  });

  it("sees four low maxima before they are four tall pulses", () => {
    // Four small bumps on a flat plateau: four maxima, but above half the maximum the
    // plateau joins them into one region.
    const plateau = (x: ArrayLike<number>) =>
      Math.max(Math.abs(x[0]), Math.abs(x[1])) < 2.5 ? 1 : 0;
    const low = box(
      (x) =>
        plateau(x) +
        [-1, 1]
          .flatMap((a) => [-1, 1].map((b) => bump(a, b, 0.05, 0.3)(x)))
          .reduce((s, v) => s + v),
    );
    expect(countMaxima(low)).toBe(4);
    expect(countPulses(low)).toBe(1);
  });
});
