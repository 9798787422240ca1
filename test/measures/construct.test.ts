import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/errors.js";
import { grid } from "../../src/measures/construct.js";

describe("grid construction at the boundary", () => {
  const box = {
    lower: [-1, -1] as [number, number],
    upper: [1, 1] as [number, number],
    shape: [4, 4] as [number, number],
  };
  it("rejects negative and non-normalisable (non-finite) densities, naming the cell", () => {
    expect(() => grid({ ...box, density: (x) => x[0] })).toThrow(
      /cell \d+ is -[\d.]+; densities must be finite and ≥ 0/,
    );
    expect(() => grid({ ...box, density: () => Infinity })).toThrow(ConfigError);
    expect(() => grid({ ...box, density: () => NaN })).toThrow(/finite/);
  });
});
