/**
 * What a user sees while a long distance runs: nothing for quick work, then a line at each tenth
 * (or a count every 10 s when the total is unknown), never anything under --quiet. The clock is
 * injected, so the test is about the rule, not the machine's speed.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDistance } from "../../src/cli/distance.js";
import { workProgress } from "../../src/cli/progress.js";
import { encodeNpy } from "../../src/io/npy.js";
import { normal } from "../../src/random/sample.js";
import { key } from "../../src/random/key.js";
import { tempDir } from "../helpers.js";

function clocked(quiet = false) {
  let t = 0;
  const lines: string[] = [];
  const p = workProgress({
    label: "mmd",
    quiet,
    tty: false,
    now: () => t,
    write: (s) => lines.push(s),
  });
  return { p, lines, advance: (ms: number) => (t += ms) };
}

describe("work progress", () => {
  it("stays silent for the first 2 s, then writes one line per tenth crossed", () => {
    const { p, lines, advance } = clocked();
    p.meter(0.5, 1); // at t = 0: quick so far, nothing
    expect(lines).toEqual([]);
    advance(2500);
    p.meter(0.55, 1); // five tenths crossed at once
    p.meter(0.56, 1);
    advance(1000);
    p.meter(1, 1);
    p.stop();
    expect(lines).toEqual([
      "mmd: 10% (3 s)\n",
      "mmd: 20% (3 s)\n",
      "mmd: 30% (3 s)\n",
      "mmd: 40% (3 s)\n",
      "mmd: 50% (3 s)\n",
      "mmd: 60% (4 s)\n",
      "mmd: 70% (4 s)\n",
      "mmd: 80% (4 s)\n",
      "mmd: 90% (4 s)\n",
      "mmd: 100% (4 s)\n",
    ]);
  });

  it("reports an unknown amount of work as a count, every 10 s", () => {
    const { p, lines, advance } = clocked();
    advance(3000);
    p.meter(1024, NaN, "pivots");
    advance(5000);
    p.meter(2048, NaN, "pivots"); // within 10 s of the last line: nothing
    advance(5000);
    p.meter(4096, NaN, "pivots");
    expect(lines).toEqual([
      "mmd: 1,024 pivots so far (3 s)\n",
      "mmd: 4,096 pivots so far (13 s)\n",
    ]);
  });

  it("writes nothing when quiet", () => {
    const { p, lines, advance } = clocked(true);
    advance(60_000);
    p.meter(1, 1);
    p.meter(5, NaN, "pivots");
    expect(lines).toEqual([]);
  });

  it("runDistance drives it to 100% on real work, and --quiet silences it", () => {
    const dir = tempDir();
    const a = join(dir, "a.npy");
    const b = join(dir, "b.npy");
    writeFileSync(a, encodeNpy(normal(key(1), 400), [200, 2]));
    writeFileSync(b, encodeNpy(normal(key(2), 400), [200, 2]));
    const lines: string[] = [];
    const progress = { after: 0, write: (s: string) => lines.push(s) };
    const out = runDistance(["--metric", "energy", a, b], { progress });
    expect(out.code).toBe(0);
    expect(lines.at(-1)).toMatch(/^energy on 200 × 200 points: 100% \(\d+ s\)\n$/);
    expect(lines).toHaveLength(10);
    lines.length = 0;
    runDistance(["--metric", "energy", "--quiet", a, b], { progress });
    expect(lines).toEqual([]);
  });
});
