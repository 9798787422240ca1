/**
 * The configuration boundary under generated input: any `--set` list, config object or config
 * file resolves to a run or is refused with a named error, and nothing else (no TypeError, no
 * prototype pollution). Case counts are fixed so that CI runs the same number every time.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveRun } from "../../src/config/resolve.js";
import { prepareRun } from "../../src/config/run.js";
import { requestFromRecord, resolveRunConfig } from "../../src/config/runConfig.js";
import { OttoflowError } from "../../src/core/errors.js";
import { tempDir } from "../helpers.js";

const named = (f: () => unknown): void => {
  try {
    f();
  } catch (e) {
    expect(e instanceof OttoflowError, (e as Error).stack).toBe(true);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
};

const keys = fc.constantFrom(
  "dim",
  "n",
  "dt",
  "until",
  "save_every",
  "scheme",
  "scheme.n",
  "scheme.start",
  "noise",
  "__proto__",
  "constructor",
  "prototype",
  "scheme.__proto__",
  "",
  " dt",
  "a.b.c",
  "polluted",
);
const values = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.double().map(String),
  fc.integer({ min: -3, max: 100 }).map(String),
  fc.constantFrom(
    "1e9",
    "-0",
    "NaN",
    "Infinity",
    "[]",
    "{}",
    '{"polluted": 1}',
    "null",
    "true",
    "langevin",
    "svgd",
  ),
);
const presets = fc.constantFrom(
  "ou",
  "double-well",
  "heat-1d",
  "graph-heat",
  "aggregation-ring",
  "nope",
);

describe("configuration under generated input", () => {
  it("any --set list builds its problem or is refused by name (400 cases)", () => {
    fc.assert(
      fc.property(presets, fc.array(fc.tuple(keys, values), { maxLength: 4 }), (preset, sets) =>
        named(() =>
          resolveRunConfig(
            preset,
            sets.map(([k, v]) => `${k}=${v}`),
          ),
        ),
      ),
      { numRuns: 400 },
    );
    // a set without '=' or with an empty key
    for (const s of ["dt", "=1", "==", "="]) named(() => resolveRunConfig("ou", [s]));
  });

  it("any JSON config object builds its problem or is refused by name (400 cases)", () => {
    const field = fc.constantFrom(
      "preset",
      "scheme",
      "params",
      "time",
      "seed",
      "key",
      "ottoflow",
      "problem",
      "__proto__",
      "extra",
    );
    fc.assert(
      fc.property(
        fc.dictionary(field, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
        presets,
        (raw, preset) => {
          const obj = JSON.parse(JSON.stringify({ preset, ...raw })) as unknown;
          named(() => prepareRun(resolveRun(requestFromRecord(obj, "cfg.json"), "cfg.json")));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("any config file, BOM or not, is read or refused naming the file (100 cases)", () => {
    const dir = tempDir();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        fc.boolean(),
        (text, bom) => {
          const path = join(dir, "c.json");
          writeFileSync(path, (bom ? "\uFEFF" : "") + text);
          named(() => resolveRunConfig(path, []));
        },
      ),
      { numRuns: 100 },
    );
    writeFileSync(join(dir, "ok.json"), '\uFEFF{"preset": "ou", "params": {"dim": 3}}');
    expect(resolveRunConfig(join(dir, "ok.json"), []).params.dim).toBe(3);
  });
});
