/**
 * Studies on real engines, for minutes: the local pool with failing runs and a study killed
 * mid-way (SIGKILL to its whole process group) and restarted, against the same study run
 * uninterrupted; the emitted GNU parallel command line; the emitted Slurm array on a real
 * (single-node) Slurm, against the local pool. Under CI a missing engine fails the test; elsewhere
 * it is skipped (`scripts/slurm-single-node.sh start` brings up Slurm, as .ci/run does).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { decodeCheckpoint } from "../../src/io/checkpointFile.js";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "ottoflow.js");
/** A command run without blocking the test worker (its RPC times out on a long synchronous spawn). */
function exec(
  command: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}
const ottoflow = (...args: string[]) => exec(process.execPath, [BIN, ...args]);

const has = (command: string): boolean =>
  spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
const slurmUp = (): boolean =>
  has("sinfo") && spawnSync("sinfo", ["-h"], { stdio: "ignore" }).status === 0;
/** Skipped without the engine, except under CI, where its absence fails. */
const withEngine = (up: boolean) => (up || process.env.CI ? it : it.skip);

/** Langevin OU particles (stochastic: a resumed run must continue bit-for-bit), plus runs refused at start. */
const OU = [
  "ou",
  "--set",
  "dim=2",
  "--set",
  "until=2",
  "--set",
  "save_every=0.1",
  "--grid",
  "scheme=langevin,jko-quantile-1d",
  "--seeds",
  "2",
];

/** Every finished run's results: summary.json without wall times, and its snapshot bytes. */
function results(dir: string): Record<string, unknown> {
  const runs = join(dir, "runs");
  return Object.fromEntries(
    readdirSync(runs)
      .filter((f) => /^[0-9]+$/.test(f))
      .map((id) => {
        const { timings, ...summary } = JSON.parse(
          readFileSync(join(runs, id, "summary.json"), "utf8"),
        );
        const snaps = readdirSync(join(runs, id, "snapshots"))
          .sort()
          .map((f) => readFileSync(join(runs, id, "snapshots", f)).toString("base64"));
        expect(timings.total_ms).toBeGreaterThan(0);
        return [id, { summary, snaps }];
      }),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a study on this machine", () => {
  it("records failures without stopping, and a study killed mid-way finishes with the uninterrupted results", async () => {
    const whole = join(tempDir(), "whole");
    const u = await ottoflow(
      "sweep",
      ...OU,
      "--set",
      "scheme.n=20000",
      "--out",
      whole,
      "--jobs",
      "2",
    );
    expect(u.code, u.stderr).toBe(3);
    expect(u.stderr).toMatch(/2 failed/);
    // entries 2 and 3 (jko-quantile-1d in d = 2) are refused when they start; 0 and 1 complete
    const failure = JSON.parse(readFileSync(join(whole, "runs", "0002.failed.json"), "utf8"));
    expect(failure.error).toMatch(/scheme "jko-quantile-1d" cannot run this problem/);
    expect(existsSync(join(whole, "runs", "0003.failed.json"))).toBe(true);
    expect(Object.keys(results(whole))).toEqual(["0000", "0001"]);
    expect(readFileSync(join(whole, "report.html"), "utf8")).toMatch(
      /failed: scheme &quot;jko-quantile-1d&quot;/,
    );

    const killed = join(tempDir(), "killed");
    const child = spawn(
      process.execPath,
      [BIN, "sweep", ...OU, "--set", "scheme.n=20000", "--out", killed, "--jobs", "2", "--quiet"],
      { detached: true, stdio: "ignore" },
    );
    // Kill the whole process group (the pool and its runs) once a run has checkpointed mid-way.
    const midway = (): boolean =>
      ["0000", "0001"].some((id) => {
        const cp = join(killed, "runs", `${id}.partial`, "checkpoint.bin");
        try {
          const checkpoint = decodeCheckpoint(readFileSync(cp), cp) as { state: { step: number } };
          const step = checkpoint.state.step;
          return step >= 100 && step < 400;
        } catch {
          return false;
        }
      });
    for (let i = 0; i < 600 && !midway(); i++) await sleep(50);
    expect(midway()).toBe(true);
    process.kill(-child.pid!, "SIGKILL");
    await new Promise((r) => child.on("close", r));
    expect(
      existsSync(join(killed, "runs", "0000", "summary.json")) &&
        existsSync(join(killed, "runs", "0001", "summary.json")),
    ).toBe(false);
    const restarted = await ottoflow("sweep", join(killed, "study.json"), "--jobs", "2");
    expect(restarted.code, restarted.stderr).toBe(3);
    expect(restarted.stderr).toMatch(/continuing/);
    // oracle: the uninterrupted study; a resumed run continues bit-for-bit (keys per step)
    expect(results(killed)).toEqual(results(whole));
    expect(
      readdirSync(join(killed, "runs")).filter(
        (f) => f.endsWith(".lock") || f.endsWith(".partial"),
      ),
    ).toEqual([]);
  });
});

/** A small stochastic study without failures, for the schedulers. */
const SMALL = [
  "ou",
  "--set",
  "scheme.n=500",
  "--set",
  "until=0.5",
  "--grid",
  "dim=1,2",
  "--seeds",
  "2",
];

describe("a study on the engines researchers have", () => {
  withEngine(has("parallel"))(
    "GNU parallel runs the emitted command line to the local pool's results",
    async () => {
      const local = join(tempDir(), "local");
      expect(
        (await ottoflow("sweep", ...SMALL, "--out", local, "--jobs", "2", "--quiet")).code,
      ).toBe(0);
      const dir = join(tempDir(), "parallel");
      const emitted = await ottoflow(
        "sweep",
        ...SMALL,
        "--out",
        dir,
        "--emit",
        "parallel",
        "--jobs",
        "2",
      );
      expect(emitted.code, emitted.stderr).toBe(0);
      const ran = await exec("bash", ["-c", emitted.stdout.trim()]);
      expect(ran.code, ran.stderr).toBe(0);
      const log = readFileSync(join(dir, "parallel.joblog"), "utf8").trim().split("\n").slice(1);
      expect(log).toHaveLength(4);
      expect(log.every((l) => l.split("\t")[6] === "0")).toBe(true);
      // oracle: the same entries run by the local pool — where a run ran does not change it
      expect(results(dir)).toEqual(results(local));
      const collected = await ottoflow("collect", dir);
      expect(collected.code, collected.stderr).toBe(0);
      expect(collected.stdout).toMatch(/^\| 2 \| 0\.5 \| 2 \|/m);
    },
  );

  withEngine(slurmUp())(
    "Slurm runs the emitted job array to completion, then collect tabulates it",
    async () => {
      const local = join(tempDir(), "local");
      expect(
        (await ottoflow("sweep", ...SMALL, "--out", local, "--jobs", "2", "--quiet")).code,
      ).toBe(0);
      const dir = join(tempDir(), "slurm");
      const emitted = await ottoflow(
        "sweep",
        ...SMALL,
        "--out",
        dir,
        "--emit",
        "slurm",
        "--jobs",
        "2",
      );
      expect(emitted.code, emitted.stderr).toBe(0);
      const script = join(dir, "sweep.sbatch");
      expect(readFileSync(script, "utf8")).toMatch(/^#SBATCH --array=0-3%2$/m);
      // --wait: sbatch returns when every task has ended, with a non-zero status if one failed
      const submitted = spawnSync("sbatch", ["--wait", script], {
        encoding: "utf8",
        timeout: 280_000,
      });
      expect(submitted.status, submitted.stderr).toBe(0);
      expect(readdirSync(join(dir, "logs")).filter((f) => f.endsWith(".out"))).toHaveLength(4);
      expect(results(dir)).toEqual(results(local));
      const collected = await ottoflow("collect", dir);
      expect(collected.code, collected.stderr).toBe(0);
      expect(collected.stdout).toMatch(/^\| 1 \| 0\.5 \| 2 \|/m);
      expect(existsSync(join(dir, "report.html"))).toBe(true);
    },
  );
});
