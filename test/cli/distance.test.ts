/**
 * `ottoflow distance` at its boundary: every option checked against its range and against the
 * metric that would read it, sizes checked before the work, an unconverged value never exit 0.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OttoflowError } from "../../src/core/errors.js";
import { runDistance } from "../../src/cli/distance.js";
import { encodeNpy } from "../../src/io/npy.js";
import { tempDir } from "../helpers.js";

function files() {
  const dir = tempDir();
  const a = join(dir, "a.npy");
  const b = join(dir, "b.npy");
  writeFileSync(a, encodeNpy(Float64Array.from([0, 0, 1, 0, 0, 1]), [3, 2]));
  writeFileSync(b, encodeNpy(Float64Array.from([2, 0, 3, 0, 2, 1]), [3, 2]));
  return { dir, a, b };
}

describe("ottoflow distance inputs", () => {
  it("refuses options out of range or unused by the metric, naming what is allowed", () => {
    const { dir, a, b } = files();
    const cases: [string[], RegExp][] = [
      [
        ["--metric", "tv", "--bins", "0"],
        /--bins = 0 is out of range: expected an integer in \[1, 1000000\]/,
      ],
      [["--metric", "tv", "--bins", "2.5"], /--bins = 2\.5 is out of range/],
      [
        ["--metric", "sinkhorn", "--eps", "-1"],
        /--eps = -1 is out of range: expected a number > 0/,
      ],
      [
        ["--metric", "sliced-w2", "--projections", "1e8"],
        /--projections = 100000000 is out of range/,
      ],
      [["--metric", "w2", "--eps", "0.1"], /--eps is not used by w2[\s\S]*takes no options/],
      [["--metric", "mmd", "--k", "3"], /--k is not used by mmd[\s\S]*takes --bandwidth/],
      [["--metric", "kl", "--k", ""], /--k must be a number, got ""/],
      [["--metric", "sliced-w2", "--seed", "-1"], /--seed must be a non-negative integer/],
    ];
    for (const [args, message] of cases)
      expect(() => runDistance([...args, a, b]), args.join(" ")).toThrow(message);
    mkdirSync(join(dir, "d.npy"));
    expect(() => runDistance(["--metric", "w2", a, join(dir, "d.npy")])).toThrow(
      /cannot read .*d\.npy \(EISDIR/,
    );
    expect(() => runDistance(["--metric", "w2", a, join(dir, "none.npy")])).toThrow(
      /none\.npy does not exist/,
    );
  });

  it("checks the memory a metric needs from the sizes, before the work", () => {
    const { dir, a } = files();
    const big = join(dir, "big.npy");
    writeFileSync(big, encodeNpy(new Float64Array(2 * 4000), [4000, 2]));
    // oracle: 17 bytes per pair (costs and the simplex's arc flags) → 4000² · 17 B ≈ 259 MiB
    expect(() => runDistance(["--metric", "w2", "--max-memory", "100", big, big])).toThrow(
      /w2 on 4000 × 4000 points in 2D needs about 26\d MiB, above the 100 MiB allowed/,
    );
    expect(runDistance(["--metric", "sliced-w2", "--max-memory", "100", big, a]).code).toBe(0);
  });

  it("exits 3 with a warning when Sinkhorn does not converge, 0 when it does", () => {
    const { a, b } = files();
    const ok = runDistance(["--metric", "sinkhorn", "--eps", "0.1", a, b]);
    expect(ok.code).toBe(0);
    // 40 irregular points against 3: at ε = 1e-9 the ε-scaling cannot meet tol in 10⁴ iterations
    const c = join(tempDir(), "c.npy");
    const xs = Float64Array.from({ length: 80 }, (_, i) =>
      i % 2 ? 1 + ((i * 7) % 13) / 13 : i / 80,
    );
    writeFileSync(c, encodeNpy(xs, [40, 2]));
    const cut = runDistance(["--metric", "sinkhorn", "--eps", "1e-9", "--tol", "1e-15", a, c]);
    expect(JSON.parse(cut.text).converged).toBe(false);
    expect(cut.code).toBe(3);
    expect(cut.warning).toMatch(/did not converge .*try a larger --eps/);
  });

  it("any option value gives a value or a named refusal, never another error (300 cases)", () => {
    const { a, b } = files();
    const metric = fc.constantFrom(
      "w2",
      "sinkhorn",
      "sliced-w2",
      "kl",
      "mmd",
      "tv",
      "energy",
      "nope",
    );
    const flag = fc.constantFrom(
      "--eps",
      "--k",
      "--bandwidth",
      "--projections",
      "--bins",
      "--tol",
      "--seed",
      "--max-memory",
    );
    const value = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.double().map(String),
      fc.integer({ min: -5, max: 50 }).map(String),
    );
    fc.assert(
      fc.property(metric, fc.array(fc.tuple(flag, value), { maxLength: 3 }), (m, opts) => {
        try {
          runDistance(["--metric", m, ...opts.flatMap(([f, v]) => [`${f}=${v}`]), a, b]);
        } catch (e) {
          const err = e as Error & { code?: string };
          expect(
            e instanceof OttoflowError || err.code?.startsWith("ERR_PARSE_ARGS"),
            err.stack,
          ).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
