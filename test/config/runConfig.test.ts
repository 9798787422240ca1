import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSet, resolveRunConfig } from "../../src/config/runConfig.js";
import { ConfigError } from "../../src/core/errors.js";
import { tempDir } from "../helpers.js";

describe("run configuration", () => {
  it("resolves a preset with defaults and --set overrides", () => {
    const c = resolveRunConfig("ou", ["dim=4", "dt=0.01"], 3);
    expect(c.preset.name).toBe("ou");
    expect(c.params).toMatchObject({ dim: 4, dt: 0.01, n: 5000, until: 0.9 });
    expect(c.seed).toBe(3);
  });

  it("names every preset when the preset is unknown", () => {
    expect(() => resolveRunConfig("double-wel", [])).toThrow(
      /unknown preset "double-wel"; presets: double-well, ou/,
    );
  });

  it("names the valid keys when a --set key is unknown", () => {
    expect(() => resolveRunConfig("double-well", ["nn=3"])).toThrow(
      /unknown parameter "nn"; valid parameters: n, dt, steps/,
    );
  });

  it("names the range when a value is out of range or of the wrong type", () => {
    expect(() => resolveRunConfig("double-well", ["n=1"])).toThrow(
      /n = 1 is out of range: expected an integer in \[2, 1000000\]/,
    );
    expect(() => resolveRunConfig("ou", ["dim=100"])).toThrow(
      /dim = 100 is out of range: expected an integer in \[1, 64\]/,
    );
    expect(() => resolveRunConfig("double-well", ["dt=fast"])).toThrow(
      /dt = "fast" is out of range: expected a number/,
    );
    expect(() => resolveRunConfig("ou", ["scheme=jko"])).toThrow(/expected one of langevin/);
    expect(() => parseSet("dt")).toThrow(/key=value/);
  });

  it("reads config files and names the field that is wrong", () => {
    const dir = tempDir();
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify({ preset: "ou", params: { dim: 3 }, seed: 5 }));
    expect(resolveRunConfig(good, []).params.dim).toBe(3);
    expect(resolveRunConfig(good, []).seed).toBe(5);
    const broken = join(dir, "broken.json");
    writeFileSync(broken, '{"preset": "ou", "params": {');
    expect(() => resolveRunConfig(broken, [])).toThrow(/broken\.json is not valid JSON/);
    const wrongField = join(dir, "wrong.json");
    writeFileSync(wrongField, JSON.stringify({ preset: "ou", parms: {} }));
    expect(() => resolveRunConfig(wrongField, [])).toThrow(/unknown field "parms"/);
    const wrongType = join(dir, "type.json");
    writeFileSync(wrongType, JSON.stringify({ preset: "ou", seed: "x" }));
    expect(() => resolveRunConfig(wrongType, [])).toThrow(/field "seed"/);
    const badParam = join(dir, "param.json");
    writeFileSync(badParam, JSON.stringify({ preset: "ou", params: { dt: -1 } }));
    expect(() => resolveRunConfig(badParam, [])).toThrow(/dt = -1 is out of range/);
    expect(() => resolveRunConfig(join(dir, "missing.json"), [])).toThrow(ConfigError);
  });
});
