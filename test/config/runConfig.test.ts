import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSet, resolveRun } from "../../src/config/resolve.js";
import { prepareRun } from "../../src/config/run.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { ConfigError } from "../../src/core/errors.js";
import { tempDir } from "../helpers.js";

describe("run configuration", () => {
  it("resolves a preset with defaults and --set overrides routed to problem, time and scheme", () => {
    const c = resolveRunConfig("ou", ["dim=4", "dt=0.01", "scheme.n=300"], 3);
    expect(c.preset.name).toBe("ou");
    expect(c.params).toEqual({ dim: 4 });
    expect(c.time).toEqual({ dt: 0.01, until: 0.9, save_every: 0.05 });
    expect(c.scheme.name).toBe("langevin");
    expect(c.schemeParams).toEqual({ n: 300, start: "sample" });
    expect(c.seed).toBe(3);
    // an unqualified key that only the scheme has goes to the scheme
    expect(resolveRunConfig("ou", ["n=200"]).schemeParams.n).toBe(200);
  });

  it("takes a scheme by --scheme or --set scheme=, with the preset's tuning for it", () => {
    const byFlag = resolveRunConfig("ou", [], 0, "neural-jko");
    const bySet = resolveRunConfig("ou", ["scheme=neural-jko"]);
    expect(byFlag.scheme.name).toBe("neural-jko");
    expect(bySet.schemeParams).toEqual(byFlag.schemeParams);
    // the preset's tuning: the seed's JKO step a = 0.05 and a pool of 5000
    expect(byFlag.time.dt).toBe(0.05);
    expect(byFlag.schemeParams.n).toBe(5000);
    // an alias is its preset with a scheme
    const alias = resolveRunConfig("barenblatt-neural", []);
    expect([alias.preset.name, alias.scheme.name]).toEqual(["barenblatt", "neural-jko"]);
    expect(alias.params).toMatchObject({ t0: 0.1, normalize: true });
  });

  it("names every preset when the preset is unknown, every scheme when the scheme is", () => {
    expect(() => resolveRunConfig("double-wel", [])).toThrow(
      /unknown preset "double-wel"; presets: double-well, ou/,
    );
    expect(() => resolveRunConfig("ou", [], 0, "langevn")).toThrow(
      /unknown scheme "langevn"; schemes: langevin, mala/,
    );
  });

  it("names the valid keys of problem, time and scheme when a key is unknown", () => {
    expect(() => resolveRunConfig("double-well", ["nn=3"])).toThrow(
      /unknown parameter "nn" for preset "double-well" with scheme "langevin"/,
    );
    expect(() => resolveRunConfig("double-well", ["nn=3"])).toThrow(
      /problem: noise, init_std; time: dt, until, save_every; scheme \(scheme.KEY\): n, start/,
    );
    expect(() => resolveRunConfig("double-well", ["scheme.nn=3"])).toThrow(
      /unknown parameter "scheme.nn"; valid parameters: scheme.n, scheme.start/,
    );
  });

  it("names the range, with open and closed ends, when a value is out of range", () => {
    expect(() => resolveRunConfig("double-well", ["n=1"])).toThrow(
      /scheme.n = 1 is out of range: expected an integer in \[2, 1000000\]/,
    );
    expect(() => resolveRunConfig("ou", ["dim=100"])).toThrow(
      /dim = 100 is out of range: expected an integer in \[1, 64\]/,
    );
    expect(() => resolveRunConfig("double-well", ["dt=0"])).toThrow(
      /dt = 0 is out of range: expected a number in \(0, 1000000\]/,
    );
    expect(() => resolveRunConfig("double-well", ["dt=fast"])).toThrow(
      /dt = "fast" is out of range: expected a number/,
    );
    expect(() => parseSet("dt")).toThrow(/key=value/);
  });

  it("refuses a scheme that cannot run the problem, naming those that can", () => {
    // oracle: the heat flow's entropy is not an interaction ODE's; the registry knows who can
    const config = resolveRunConfig("heat-1d", [], 0, "interaction-ode");
    expect(() => prepareRun(config)).toThrow(
      /scheme "interaction-ode" cannot run this problem: it does not take entropy/,
    );
    expect(() => prepareRun(config)).toThrow(/schemes that can: langevin, mala, forward-euler/);
  });

  it("refuses prototype keys instead of dropping or applying them", () => {
    expect(() => resolveRunConfig("ou", ["__proto__=1"])).toThrow(/not a parameter name/);
    expect(() => resolveRunConfig("ou", ["scheme.constructor=1"])).toThrow(/not a parameter name/);
    expect(() =>
      resolveRun({ preset: "ou", params: JSON.parse('{"__proto__": {"dim": 3}}') }),
    ).toThrow(/not a parameter name/);
  });

  it("reads config files (a run's own run.json among them) and names the field that is wrong", () => {
    const dir = tempDir();
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify({ preset: "ou", params: { dim: 3 }, seed: 5 }));
    expect(resolveRunConfig(good, []).params.dim).toBe(3);
    expect(resolveRunConfig(good, []).seed).toBe(5);
    // run.json round trip: every field the run recorded resolves to the same configuration
    const config = resolveRunConfig("ou", ["dim=3", "scheme.n=123", "until=0.5"], 7);
    const record = join(dir, "run.json");
    writeFileSync(record, JSON.stringify(prepareRun(config).record));
    const back = resolveRunConfig(record, []);
    expect([back.params, back.time, back.schemeParams, back.seed]).toEqual([
      config.params,
      config.time,
      config.schemeParams,
      7,
    ]);
    // a byte-order mark, as some editors write it
    const bom = join(dir, "bom.json");
    writeFileSync(bom, "\uFEFF" + JSON.stringify({ preset: "ou" }));
    expect(resolveRunConfig(bom, []).preset.name).toBe("ou");
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
    writeFileSync(badParam, JSON.stringify({ preset: "ou", time: { dt: -1 } }));
    expect(() => resolveRunConfig(badParam, [])).toThrow(/dt = -1 is out of range/);
    expect(() => resolveRunConfig(join(dir, "missing.json"), [])).toThrow(ConfigError);
    expect(() => resolveRunConfig(dir, [])).toThrow(/is a directory/);
  });
});
