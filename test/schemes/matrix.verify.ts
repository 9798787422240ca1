/**
 * Every registered scheme against every preset: a pair the scheme declares it supports runs a
 * short horizon (two steps, small sizes) and ends ok; a pair it declares unsupported is refused
 * before any work, with a message that names schemes that can run the problem — and those
 * schemes do declare they can.
 */
import { describe, expect, it } from "vitest";
import { resolveRun } from "../../src/config/resolve.js";
import { prepareRun, runPrepared } from "../../src/config/run.js";
import { ConfigError } from "../../src/core/errors.js";
import { presets } from "../../src/presets/index.js";
import { schemes, schemesFor } from "../../src/schemes/registry.js";

/** Sizes that keep one short run well under a second (scheme parameters, where the scheme has them). */
const small: Record<string, unknown> = { n: 120, outer: 8, batch: 60, width: 8, maxNewton: 50 };

/**
 * Outcomes other than ok that are the point of a pair, each for a stated reason:
 * fe-fold is seed 000's example of forward Euler folding its map on the first step.
 */
const expected: Record<string, string> = { "fe-fold/forward-euler": "unstable" };

/** Problem parameters that keep the grid presets small enough for a smoke run. */
const smallProblem: Record<string, Record<string, unknown>> = {
  "heat-1d": { cells: 400 },
  "porous-1d": { cells: 400 },
  "fokker-planck-grid": { n: 32 },
  "aggregation-diffusion": { n: 40 },
  "propagation-of-chaos": { sweep: [100, 200], repeats: 1 },
  "mean-field-game": { n: 50 },
  "aggregation-log": { n: 40 },
  "interaction-kernels": { n: 60 },
  "mean-field-relu": { n: 30 },
  "f-divergence-flows": { n: 100, cells: 100 },
  "mmd-flow": { teacher: 100 },
  "discrepancy-flows": { targets: 60 },
  "fe-regularity": { n: 200 },
};

function configFor(preset: string, scheme: string) {
  const base = resolveRun({ preset, scheme });
  const decided = new Set(base.preset.decides ?? []);
  const schemeParams = Object.fromEntries(
    Object.entries(small).filter(([k]) => k in base.scheme.params.shape && !decided.has(k)),
  );
  return resolveRun({
    preset,
    scheme,
    params: smallProblem[preset],
    schemeParams,
    time: { until: 2 * base.time.dt, save_every: base.time.dt },
  });
}

describe("the scheme × preset matrix", () => {
  for (const preset of presets)
    it(`${preset.name}: every scheme runs it or is refused with the schemes that can`, async () => {
      const able = new Set(schemesFor(prepareRun(resolveRun({ preset: preset.name })).experiment));
      expect(able.has(preset.scheme.name)).toBe(true); // its own default
      for (const entry of schemes) {
        const pair = `${preset.name}/${entry.name}`;
        if (able.has(entry.name)) {
          const prepared = prepareRun(configFor(preset.name, entry.name));
          const { result } = await runPrepared(prepared);
          expect(result.status, `${pair}: ${result.advice}`).toBe(expected[pair] ?? "ok");
        } else {
          let refused: unknown;
          try {
            prepareRun(configFor(preset.name, entry.name));
          } catch (e) {
            refused = e;
          }
          expect(refused, pair).toBeInstanceOf(ConfigError);
          const { message } = refused as ConfigError;
          expect(message, pair).toMatch(
            new RegExp(`scheme "${entry.name}" cannot run this problem`),
          );
          const named = /schemes that can: ([^(]+)/
            .exec(message)?.[1]
            .split(", ")
            .map((s) => s.trim());
          expect(named?.length, pair).toBeGreaterThan(0);
          for (const n of named ?? []) expect(able.has(n), `${pair} names ${n}`).toBe(true);
        }
      }
    }, 120_000);
});
