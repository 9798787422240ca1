/**
 * Studies: manifest expansion, one entry by `run --manifest --index`, the emitted scheduler
 * scripts, and `collect` against statistics computed by hand. The pool, a killed study and the
 * real engines (GNU parallel, Slurm) are in sweep.verify.ts.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveRun } from "../../src/config/resolve.js";
import { configRecord, runExperiment } from "../../src/config/run.js";
import { requestFromRecord } from "../../src/config/runConfig.js";
import {
  collectSchema,
  derivedSeed,
  expandStudy,
  parseGridOption,
  parseStudy,
} from "../../src/config/study.js";
import { collectStudy, runValues, statRows, statistics } from "../../src/cli/collect.js";
import type { Summary } from "../../src/config/summary.js";
import { emitParallel, emitSlurm } from "../../src/cli/emit.js";
import { readManifest, writeStudyDir } from "../../src/cli/studyDir.js";
import { runManifestEntry } from "../../src/cli/manifestRun.js";
import { ConfigError } from "../../src/core/errors.js";
import { studyPlot, useLog } from "../../src/plot/studyCharts.js";
import { tempDir } from "../helpers.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "ottoflow.js");
const ottoflow = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** Three quantile-JKO steps of the heat flow on a coarse grid: a second of work. */
const heatStudy = (over: Record<string, unknown> = {}) =>
  parseStudy(
    {
      name: "heat-small",
      preset: "heat-1d",
      set: { cells: 200, "scheme.n": 50, until: 0.3, save_every: 0.1 },
      grid: { dt: [0.1, 0.05] },
      seeds: 2,
      ...over,
    },
    "test",
  );

describe("study expansion", () => {
  it("is the product of the grid × seeds, point-major, every line a resolved config", () => {
    const study = parseStudy(
      { name: "ou", preset: "ou", grid: { dim: [1, 3], "scheme.n": [100, 200, 300] }, seeds: 4 },
      "test",
    );
    const entries = expandStudy(study);
    expect(entries).toHaveLength(2 * 3 * 4);
    expect(entries[0].point).toEqual({ dim: 1, "scheme.n": 100 });
    expect(entries[5].point).toEqual({ dim: 1, "scheme.n": 200 });
    expect(entries[5].replicate).toBe(1);
    expect(entries[23]).toMatchObject({ index: 23, id: "0023", dir: "runs/0023" });
    expect(entries[23].config).toMatchObject({
      params: { dim: 3 },
      scheme: { name: "langevin", params: { n: 300 } },
    });
    // a line reads back, as a config file, to the same configuration
    for (const e of [entries[0], entries[23]])
      expect(configRecord(resolveRun(requestFromRecord(e.config, "line")))).toEqual(e.config);
  });

  it("derives seeds from the study's key: deterministic, distinct, paired across the grid", () => {
    const study = heatStudy({ seeds: 5, grid: { dt: [0.1, 0.05, 0.025] } });
    const a = expandStudy(study);
    expect(expandStudy(study)).toEqual(a);
    const seedsOf = (p: number) =>
      a.filter((_, i) => Math.floor(i / 5) === p).map((e) => e.config.seed);
    expect(new Set(seedsOf(0)).size).toBe(5);
    expect(seedsOf(1)).toEqual(seedsOf(0));
    // unpaired: every entry its own seed
    const unpaired = expandStudy(
      heatStudy({ seeds: 5, paired: false, grid: { dt: [0.1, 0.05, 0.025] } }),
    );
    expect(new Set(unpaired.map((e) => e.config.seed)).size).toBe(15);
    // another study key, other seeds
    expect(expandStudy(heatStudy({ seed: 7 }))[0].config.seed).not.toBe(a[0].config.seed);
  });

  it("gives the same seeds on every machine", () => {
    // oracle: Threefry-2x32 is integer arithmetic; these are its outputs for key(0), key(7)
    // folded in at 0, 1, 2, recorded once — any platform must reproduce them exactly.
    expect([0, 1, 2].map((i) => derivedSeed(0, i))).toEqual([
      2634690795957513, 276802146059124, 1913872669918892,
    ]);
    expect(derivedSeed(7, 0)).toBe(12380444229526);
  });

  it("reads --grid lists and refuses what is not a study", () => {
    expect(parseGridOption("dim=2,6,12")).toEqual(["dim", [2, 6, 12]]);
    expect(parseGridOption("scheme=langevin,mala")).toEqual(["scheme", ["langevin", "mala"]]);
    expect(() => parseGridOption("dim=2,,4")).toThrow(/empty value/);
    expect(() => parseStudy({ name: "x", preset: "ou", grids: {} }, "s.json")).toThrow(
      /unknown field "grids"/,
    );
    expect(() => parseStudy({ name: "x", preset: "ou", grid: { seed: [1, 2] } }, "s.json")).toThrow(
      /"seed" cannot be a grid key/,
    );
    expect(() =>
      expandStudy(parseStudy({ name: "x", preset: "ou", grid: { dimm: [1] } }, "s.json")),
    ).toThrow(/unknown parameter "dimm"/);
  });

  it("keeps a study directory to one study", () => {
    const dir = tempDir();
    writeStudyDir(dir, heatStudy());
    expect(writeStudyDir(dir, heatStudy()).existed).toBe(true);
    expect(() => writeStudyDir(dir, heatStudy({ seeds: 3 }))).toThrow(ConfigError);
    const other = tempDir();
    writeFileSync(join(other, "notes.txt"), "mine");
    expect(() => writeStudyDir(other, heatStudy())).toThrow(/not a study directory/);
  });
});

describe("one entry: ottoflow run --manifest M --index I", () => {
  it("runs entry I into its directory with the results of the same config run directly, then skips it", async () => {
    const dir = tempDir();
    const { entries } = writeStudyDir(dir, heatStudy());
    const manifest = join(dir, "manifest.jsonl");
    const r = ottoflow("run", "--manifest", manifest, "--index", "3", "--quiet");
    expect(r.code, r.stderr).toBe(0);
    const run = join(dir, "runs", "0003");
    const runJson = JSON.parse(readFileSync(join(run, "run.json"), "utf8"));
    expect({ ...runJson, ottoflow: undefined, key: undefined, problem: undefined }).toMatchObject(
      entries[3].config,
    );
    // oracle: the one run path in this process, with the manifest's config; deterministic, so equal
    const direct = await runExperiment(resolveRun(requestFromRecord(entries[3].config, "line")));
    const summary = JSON.parse(readFileSync(join(run, "summary.json"), "utf8"));
    expect(summary.metrics).toEqual(direct.summary.metrics);
    expect(summary.t).toEqual(direct.summary.t);
    // the same entry again is skipped; the checks at the boundary, in this process
    expect((await runManifestEntry(manifest, 3)).outcome).toBe("skipped");
    await expect(runManifestEntry(manifest, 4)).rejects.toThrow(
      /--index 4 is outside the manifest .* \(entries 0 to 3\)/,
    );
    expect(readManifest(manifest)).toEqual(entries);
  });
});

describe("scripts for the schedulers", () => {
  it("a Slurm array over the entries and a GNU parallel line, both calling --manifest --index", () => {
    const dir = tempDir();
    writeStudyDir(dir, heatStudy());
    const sbatch = readFileSync(
      emitSlurm(dir, { name: "heat-small", entries: 4, jobs: 2 }),
      "utf8",
    );
    expect(sbatch).toMatch(/^#SBATCH --array=0-3%2$/m);
    expect(sbatch).toMatch(
      /run --manifest \S*manifest.jsonl --index "\$SLURM_ARRAY_TASK_ID" --quiet$/m,
    );
    expect(existsSync(join(dir, "logs"))).toBe(true);
    const { command } = emitParallel(dir, { name: "heat-small", entries: 4, jobs: 2 });
    expect(command).toMatch(
      /^seq 0 3 \| parallel --jobs 2 --joblog \S+ .* run --manifest \S+ --index \{\} --quiet$/,
    );
  });
});

/** A summary whose metric at t = 0.2 is v. */
const fakeSummary = (v: number): Summary => ({
  status: "ok",
  advice: null,
  preset: "heat-1d",
  scheme: "jko-quantile-1d",
  seed: 0,
  steps: 3,
  t: [0, 0.1, 0.2, 0.30000000000000004],
  energy: [0, 0, 0, 0],
  metrics: { "w2:heat-exact": [0, 0, v, 0], support: [1, 1, 1, 1] },
  timings: { total_ms: 1, steps_ms: 1, diagnostics_ms: 0 },
});

describe("collect", () => {
  it("tabulates mean, sample sd, min and max over seeds as computed by hand", () => {
    const dir = tempDir();
    const study = heatStudy({ seeds: 3, collect: { metrics: ["w2:heat-exact"], times: [0.2] } });
    const { entries } = writeStudyDir(dir, study);
    // hand-made results: the metric at t = 0.2 is v; entry 5 (dt 0.05, replicate 2) failed
    const values = [1, 2, 4, 10, 20];
    entries.slice(0, 5).forEach((e, i) => {
      const summary = fakeSummary(values[i]);
      const run = join(dir, e.dir);
      mkdirSync(run, { recursive: true });
      writeFileSync(join(run, "summary.json"), JSON.stringify(summary));
    });
    writeFileSync(
      join(dir, "runs", "0005.failed.json"),
      JSON.stringify({
        index: 5,
        id: "0005",
        point: { dt: 0.05 },
        replicate: 2,
        error: "refused",
        fix: null,
        exit: 2,
      }),
    );
    const c = collectStudy(dir);
    const [a, b] = c.stats;
    // oracle: by hand — {1, 2, 4}: mean 7/3, sd √(((4/3)² + (1/3)² + (5/3)²)/2) = √(7/3); {10, 20}: 15, √50
    expect(a).toMatchObject({ point: { dt: 0.1 }, t: 0.2, n: 3, min: 1, max: 4, failed: 0 });
    expect(a.mean).toBeCloseTo(7 / 3, 14);
    expect(a.sd).toBeCloseTo(Math.sqrt(7 / 3), 14);
    expect(b).toMatchObject({ point: { dt: 0.05 }, n: 2, mean: 15, min: 10, max: 20, failed: 1 });
    expect(b.sd).toBeCloseTo(Math.sqrt(50), 13);
    expect(c.markdown).toMatch(/\| 0\.1 \| 0\.2 \| 3 \| 2\.333 ± 1\.528 \(1 – 4\) \|/);
    expect(c.markdown).toMatch(
      /\| 0\.05 \| 0\.2 \| 2 \(\+1 failed\) \| 15 ± 7\.071 \(10 – 20\) \|/,
    );
    const table = readFileSync(join(dir, "collect", "table.csv"), "utf8").split("\n");
    expect(table[0]).toBe("dt,t,metric,n,mean,sd,min,max,failed,stopped");
    expect(table[2]).toBe(`0.05,0.2,w2:heat-exact,2,15,${Math.sqrt(50)},10,20,1,0`);
    const report = readFileSync(join(dir, "report.html"), "utf8");
    expect(report).toContain('<a href="runs/0000/report.html">0000</a>');
    expect(report).toContain("failed: refused");
    expect(existsSync(join(dir, "collect", "figures", "w2_heat-exact-t0_2.svg"))).toBe(true);
    // log10: the statistics are of log10 of the metric
    // oracle: log10 of {10, 20} has mean (1 + log10 20)/2 and sd |1 − log10 20|/√2
    const logged = runValues(
      [10, 20].map((v, i) => ({ entry: entries[3 + i], summary: fakeSummary(v) })),
      { ...collectSchema.parse({ log10: true }), times: [0.2], metrics: ["w2:heat-exact"] },
    );
    const ls = statRows(logged, new Map())[0];
    expect(ls.mean).toBeCloseTo((1 + Math.log10(20)) / 2, 15);
    expect(ls.sd).toBeCloseTo(Math.abs(1 - Math.log10(20)) / Math.SQRT2, 15);
    // A run that stopped (unstable) at t = 0.1 has no value at 0.2: counted as stopped, the
    // statistics are those of the others (oracle: {10, 20} as above).
    const early: Summary = {
      ...fakeSummary(99),
      status: "unstable",
      t: [0, 0.1],
      energy: [0, 0],
      metrics: { "w2:heat-exact": [0, 99], support: [1, 1] },
    };
    const withStopped = runValues(
      [10, 20]
        .map((v, i) => ({ entry: entries[3 + i], summary: fakeSummary(v) }))
        .concat({
          entry: entries[5],
          summary: early,
        }),
      { ...collectSchema.parse({}), times: [0.2], metrics: ["w2:heat-exact"] },
    );
    const st = statRows(withStopped, new Map())[0];
    expect(st).toMatchObject({ n: 2, mean: 15, min: 10, max: 20, stopped: 1 });
    // …while a time that a finished run never saved is still refused, naming the saved ones.
    expect(() =>
      runValues([{ entry: entries[0], summary: fakeSummary(1) }], {
        ...collectSchema.parse({}),
        times: [0.25],
      }),
    ).toThrow(/no snapshot at t = 0.25/);
    expect(statistics([3])).toMatchObject({ n: 1, mean: 3, min: 3, max: 3 });
    expect(Number.isNaN(statistics([3]).sd)).toBe(true);
  });
});

describe("study figures", () => {
  it("take a log axis for positive values spanning a decade, and keep the grid's order of names", () => {
    expect(useLog([2, 6, 12, 16, 32], "auto")).toBe(true);
    expect(useLog([0.05, 0.1, 0.2], "auto")).toBe(false);
    expect(useLog([0.05, 0.1, 0.2], "log")).toBe(true);
    expect(useLog([-1, 10, 100], "auto")).toBe(false);
    expect(useLog([0, 10], "log")).toBe(false);
    const svg = studyPlot({
      title: "t",
      xLabel: "scheme",
      yLabel: "m",
      points: ["svgd", "blob", "mala"].map((x, i) => ({
        x,
        series: "",
        mean: i + 1,
        sd: 0.1,
        min: i,
        max: i + 2,
      })),
    });
    const ticks = [...svg.matchAll(/<text[^>]*>(svgd|blob|mala)<\/text>/g)].map((m) => m[1]);
    expect(ticks).toEqual(["svgd", "blob", "mala"]);
  });
});
