/** The command line as a user meets it: the built bin, real exit codes, real files. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy } from "../../src/io/npy.js";
import { runCommand, tempDir } from "../helpers.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "ottoflow.js");

const ottoflow = (...args: string[]) =>
  runCommand(process.execPath, [BIN, ...args], { env: { ...process.env, CI: "true" } });

const readJson = (p: string) => JSON.parse(readFileSync(p, "utf8"));

describe("ottoflow CLI", () => {
  it("lists presets, one line each, and the parameters of one", async () => {
    const r = await ottoflow("presets");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^double-well\s+Langevin/m);
    expect(r.stdout).toMatch(/^ou\s+Ornstein/m);
    const one = await ottoflow("presets", "ou");
    expect(one.stdout).toMatch(/dim = 2 {2}— dimension d; an integer in \[1, 64\]/);
    expect(one.stdout).toMatch(/dt = 0\.005 {2}— the step .*; a number in \(0, 1000000\]/);
    expect(one.stdout).toMatch(/scheme\.n = 5000 {2}— particles/);
    // with another scheme: its parameters, with the preset's tuning for it
    const neural = await ottoflow("presets", "ou", "--scheme", "neural-jko");
    expect(neural.stdout).toMatch(/dt = 0\.05 /);
    expect(neural.stdout).toMatch(/scheme\.outer = 100 {2}— Adam iterations per step/);
    expect(neural.stdout).toMatch(/scheme\.adam = "warm" {2}— Adam's moments/);
  });

  it("lists schemes, and the parameters and support of one", async () => {
    const r = await ottoflow("schemes");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^langevin\s+Euler–Maruyama/m);
    expect(r.stdout).toMatch(/^neural-jko\s+/m);
    const one = await ottoflow("schemes", "svgd");
    expect(one.stdout).toMatch(/takes: potential .*entropy/);
    expect(one.stdout).toMatch(/scheme\.bandwidth = "median" {2}— .*; median or a number > 0/);
    expect((await ottoflow("schemes", "nope")).stderr).toMatch(
      /unknown scheme "nope"; schemes: langevin/,
    );
    expect((await ottoflow("run", "--help")).stdout).toMatch(/--scheme NAME/);
  });

  it("runs any scheme that supports a preset, and refuses one that does not, naming those that do", async () => {
    const out = join(tempDir(), "ring-svgd");
    const r = await ottoflow(
      "run",
      "aggregation-ring",
      "--scheme",
      "svgd",
      "--out",
      out,
      "--quiet",
      "--set",
      "scheme.n=100",
      "--set",
      "until=1",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readJson(join(out, "run.json")).scheme).toEqual({
      name: "svgd",
      params: { n: 100, start: "sample", kernel: "rbf", bandwidth: "median" },
    });
    const refusedOut = join(tempDir(), "refused");
    const refused = await ottoflow(
      "run",
      "heat-1d",
      "--scheme",
      "interaction-ode",
      "--out",
      refusedOut,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /scheme "interaction-ode" cannot run this problem: it does not take entropy[\s\S]*schemes that can: langevin, mala/,
    );
    expect(existsSync(refusedOut)).toBe(false);
  });

  it("writes the run directory of the contract", async () => {
    const out = join(tempDir(), "dw");
    const r = await ottoflow(
      "run",
      "double-well",
      "--out",
      out,
      "--quiet",
      "--set",
      "until=1",
      "--set",
      "save_every=0.25",
    );
    expect(r.code).toBe(0);
    for (const f of [
      "run.json",
      "summary.json",
      "metrics.csv",
      "report.html",
      "snapshots/index.json",
      "plots/density.svg",
      "plots/density.png",
      "plots/energy.png",
    ])
      expect(existsSync(join(out, f)), f).toBe(true);
    expect(existsSync(`${out}.partial`)).toBe(false);
    const run = readJson(join(out, "run.json"));
    expect(run).toMatchObject({
      preset: "double-well",
      seed: 0,
      params: { noise: 1, init_std: 0.05 },
      scheme: { name: "langevin", params: { n: 2000, start: "sample" } },
      time: { dt: 0.005, until: 1, save_every: 0.25 },
    });
    const summary = readJson(join(out, "summary.json"));
    expect(summary.status).toBe("ok");
    expect(summary.t).toHaveLength(5);
    expect(summary.energy).toHaveLength(5);
    expect(summary.metrics["ks:gibbs"]).toHaveLength(5);
    expect(summary.timings.total_ms).toBeGreaterThan(0);
    expect(readFileSync(join(out, "metrics.csv"), "utf8").trim().split("\n")).toHaveLength(6);
    const index = readJson(join(out, "snapshots/index.json"));
    expect(index.map((e: { step: number }) => e.step)).toEqual([0, 50, 100, 150, 200]);
    const last = decodeNpy(readFileSync(join(out, "snapshots", index[4].file)));
    expect(last.shape).toEqual([2000, 1]);
    const png = readFileSync(join(out, "plots/density.png"));
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="http/);
  });

  it("records the problem data drawn from the seed (OU: A and b)", async () => {
    const out = join(tempDir(), "ou");
    expect(
      (
        await ottoflow(
          "run",
          "ou",
          "--out",
          out,
          "--quiet",
          "--set",
          "dim=3",
          "--set",
          "n=500",
          "--seed",
          "4",
        )
      ).code,
    ).toBe(0);
    const run = readJson(join(out, "run.json"));
    expect(run.seed).toBe(4);
    expect(run.problem.A).toHaveLength(3);
    expect(run.problem.b).toHaveLength(3);
    expect(existsSync(join(out, "plots/particles.png"))).toBe(true);
  });

  it("rejects bad input with exit code 2, one clear message, and no output directory", async () => {
    const dir = tempDir();
    const out = join(dir, "x");
    const cases: [string[], RegExp][] = [
      [["run", "nope", "--out", out], /unknown preset "nope"; presets: double-well, ou/],
      [
        ["run", "double-well", "--set", "bogus=1", "--out", out],
        /unknown parameter "bogus" for preset "double-well"[\s\S]*problem: noise, init_std/,
      ],
      [
        ["run", "double-well", "--set", "dt=-1", "--out", out],
        /dt = -1 is out of range: expected a number in \(0, /,
      ],
      [["run", "double-well", "--seed=1.5", "--out", out], /--seed must be a non-negative integer/],
      [
        ["run", "double-well", "--seed", "-1", "--out", out],
        /--seed must be a non-negative integer, got "-1"/,
      ],
      [["run", "double-well", "--frobnicate", "--out", out], /Unknown option '--frobnicate'/],
      [["frob"], /unknown command "frob"/],
    ];
    for (const [args, message] of cases) {
      const r = await ottoflow(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    }
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{"preset": "ou", "params": {"dim": }');
    const r = await ottoflow("run", bad, "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json is not valid JSON/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it("refuses an existing output directory; --force replaces only a run's, and loses nothing", async () => {
    const out = join(tempDir(), "exists");
    mkdirSync(out);
    writeFileSync(join(out, "keep.txt"), "mine");
    const r = await ottoflow("run", "double-well", "--out", out, "--quiet");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already exists[\s\S]*--force/);
    const refused = await ottoflow("run", "double-well", "--out", out, "--quiet", "--force");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--force will not remove .*ottoflow did not write it/);
    expect(readFileSync(join(out, "keep.txt"), "utf8")).toBe("mine");
    expect(existsSync(`${out}.partial`)).toBe(false);
    const run = join(tempDir(), "run");
    const sets = ["--quiet", "--set", "until=0.05"];
    expect((await ottoflow("run", "double-well", "--out", run, ...sets)).code).toBe(0);
    const forced = await ottoflow(
      "run",
      "double-well",
      "--out",
      run,
      "--force",
      "--seed",
      "2",
      ...sets,
    );
    expect(forced.code, forced.stderr).toBe(0);
    expect((await ottoflow("show", run)).stdout).toMatch(/seed 2\n {2}status: ok/);
  });

  it("ends a run with too large a step 'diverged', exit 3, advice, snapshots kept", async () => {
    const out = join(tempDir(), "div");
    const r = await ottoflow(
      "run",
      "double-well",
      "--out",
      out,
      "--quiet",
      "--set",
      "dt=0.6",
      "--set",
      "save_every=1",
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/run ended diverged: .*try dt ≤ 0\.15/);
    const summary = readJson(join(out, "summary.json"));
    expect(summary.status).toBe("diverged");
    expect(summary.advice).toMatch(/dt/);
    expect(readJson(join(out, "snapshots/index.json")).length).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(out, "report.html"))).toBe(true);
  });
});

describe("ottoflow distance", () => {
  it("prints one JSON object, and names bad input", async () => {
    const dir = tempDir();
    const a = join(dir, "a.npy");
    const b = join(dir, "b.npy");
    const bad = join(dir, "nan.npy");
    writeFileSync(a, encodeNpy(Float64Array.from([0, 0, 1, 0, 0, 1]), [3, 2]));
    writeFileSync(b, encodeNpy(Float64Array.from([2, 0, 3, 0, 2, 1]), [3, 2]));
    writeFileSync(bad, encodeNpy(Float64Array.from([0, NaN]), [1, 2]));
    const r = await ottoflow("distance", "--metric", "w2", a, b);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    // oracle: the clouds differ by a translation of (2, 0), so W2 = 2 exactly
    expect(out).toMatchObject({ metric: "w2", n: 3, m: 3, d: 2, method: "network simplex" });
    expect(out.value).toBeCloseTo(2, 12);
    const s = JSON.parse(
      (await ottoflow("distance", "--metric", "sinkhorn", "--eps", "0.1", a, b)).stdout,
    );
    expect(s.converged).toBe(true);
    expect((await ottoflow("distance", "--metric", "w2", a, bad)).stderr).toMatch(
      /coordinate 1 of point 0 is NaN/,
    );
    expect((await ottoflow("distance", "--metric", "nope", a, b)).stderr).toMatch(
      /unknown metric "nope"; metrics: w2, w2-gaussian/,
    );
    expect((await ottoflow("distance", "--metric", "sinkhorn", a, b)).code).toBe(2);
    expect((await ottoflow("distance", "--help")).stdout).toMatch(/sliced-w2/);
  });
});
