/**
 * The run directory never destroys what it did not write, never lets two live runs share it,
 * and names every damaged file it reads back. Real directories, real files.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir, hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IoError } from "../../src/core/errors.js";
import { particles } from "../../src/measures/construct.js";
import {
  closeRunDir,
  completeRunDir,
  openRunDir,
  partialPath,
  readCheckpoint,
  writeCheckpoint,
  writeSnapshot,
} from "../../src/io/runDir.js";
import { alive } from "../../src/io/runLock.js";
import { tempDir } from "../helpers.js";

const lock = (pid: number) =>
  JSON.stringify({ pid, host: hostname(), started: "2026-01-01T00:00:00.000Z" });

/** A completed run directory, as a run leaves it. */
function completed(dir: string): void {
  const { work } = openRunDir(dir, {});
  writeFileSync(join(work, "run.json"), "{}");
  completeRunDir(dir, {});
}

const deadPid = (): number => spawnSync(process.execPath, ["-e", "0"]).pid!;

/** A partial run directory at step 0 with a checkpoint of two particles, as a killed run leaves. */
function partialWithCheckpoint(dir: string): string {
  const { work } = openRunDir(dir, {});
  writeCheckpoint(work, {
    version: 1,
    state: { step: 0, t: 0, measure: particles(Float64Array.from([1, 2]), 1) },
    history: { step: [], t: [], energy: [], metrics: {} },
    elapsedMs: 0,
  });
  return work;
}

describe("run directories", () => {
  it("--force replaces a run directory ottoflow wrote, and nothing else", () => {
    const root = tempDir();
    const run = join(root, "run");
    completed(run);
    expect(existsSync(join(run, ".ottoflow-run"))).toBe(true);
    const { work } = openRunDir(run, { force: true });
    completeRunDir(run, { force: true });
    expect(existsSync(work)).toBe(false);

    // a user's directory, with or without files, is refused and left as it was
    const mine = join(root, "thesis");
    mkdirSync(mine);
    writeFileSync(join(mine, "thesis.tex"), "mine");
    expect(() => openRunDir(mine, { force: true })).toThrow(
      /did not write it \(no \.ottoflow-run marker\)/,
    );
    // a run directory someone added a file to is refused too, naming the file
    writeFileSync(join(run, "notes.txt"), "mine");
    expect(() => openRunDir(run, { force: true })).toThrow(
      /holds .*notes\.txt, which no run writes/,
    );
    writeFileSync(join(run, "snapshots", "draft.tex"), "mine");
    expect(readFileSync(join(mine, "thesis.tex"), "utf8")).toBe("mine");
    expect(readFileSync(join(run, "notes.txt"), "utf8")).toBe("mine");
    expect(existsSync(partialPath(mine))).toBe(false);
  });

  it("--force never removes the working directory, its ancestors, home or a root", () => {
    const root = tempDir();
    const inner = join(root, "sb", "inner");
    mkdirSync(inner, { recursive: true });
    writeFileSync(join(root, "sb", "keep"), "mine");
    // even when marked as a run: what holds the working directory is never a run's to remove
    writeFileSync(join(root, "sb", ".ottoflow-run"), '{"ottoflow":"0"}');
    const cwd = process.cwd();
    process.chdir(inner);
    try {
      for (const out of [
        "..",
        ".",
        inner,
        join(root, "sb"),
        join(inner, "..", ".."),
        "/",
        homedir(),
      ])
        expect(() => openRunDir(out, { force: true }), out).toThrow(
          /will not remove .*(working directory|file-system root|home directory)|names a directory by \. or \.\./,
        );
    } finally {
      process.chdir(cwd);
    }
    expect(readFileSync(join(root, "sb", "keep"), "utf8")).toBe("mine");
    expect(existsSync(inner)).toBe(true);
  });

  it("refuses a second live run, naming its pid, and takes over a stale lock", () => {
    const dir = join(tempDir(), "run");
    const work = partialWithCheckpoint(dir);
    // another live process holds it: our parent, alive for the whole test
    writeFileSync(join(work, "lock"), lock(process.ppid));
    for (const o of [{ force: true }, { resume: true }, {}])
      expect(() => openRunDir(dir, o)).toThrow(
        new RegExp(`another run is writing to .*pid ${process.ppid}`),
      );
    // a lock whose process is gone is stale: resume takes it over
    writeFileSync(join(work, "lock"), lock(deadPid()));
    const resumed = openRunDir(dir, { resume: true });
    expect(JSON.parse(readFileSync(join(work, "lock"), "utf8")).pid).toBe(process.pid);
    expect(Array.from((resumed.checkpoint!.state.measure as { x: Float64Array }).x)).toEqual([
      1, 2,
    ]);
    closeRunDir(work);
    expect(existsSync(join(work, "lock"))).toBe(false);
  });

  it("a resume removes the temporary files of a writer killed mid-write, and nothing else", () => {
    // oracle: writeAtomic's naming (PATH.tmp-PID); a SIGKILL between its open and its rename
    // leaves such a file, which a finished run directory must not carry
    const dir = join(tempDir(), "run");
    const work = partialWithCheckpoint(dir);
    writeFileSync(join(work, "snapshots", "000003.npy.tmp-4242"), "half a snapshot");
    writeFileSync(join(work, "summary.json.tmp-4242"), "{");
    writeFileSync(join(work, "snapshots", "notes.tmp"), "kept");
    closeRunDir(work);
    openRunDir(dir, { resume: true });
    expect(existsSync(join(work, "snapshots", "000003.npy.tmp-4242"))).toBe(false);
    expect(existsSync(join(work, "summary.json.tmp-4242"))).toBe(false);
    expect(readFileSync(join(work, "snapshots", "notes.tmp"), "utf8")).toBe("kept");
    closeRunDir(work);
  });

  // A killed run whose parent died too stays a zombie where init never reaps it (micro-VMs).
  it.runIf(process.platform === "linux")("a lock held by a zombie is stale", async () => {
    // `sleep 0.2` ends after its parent has exec'd into `sleep 5`, which never waits for it (a
    // child that ends before the exec may be reaped by the shell itself)
    const shell = spawn("sh", ["-c", "sleep 0.2 & echo $!; exec sleep 5"]);
    const pid = Number(
      await new Promise<string>((r) => shell.stdout.once("data", (b) => r(String(b)))),
    );
    try {
      for (let i = 0; i < 100 && !/\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8")); i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(() => process.kill(pid, 0)).not.toThrow(); // signal 0 alone sees it as alive
      expect(alive(pid)).toBe(false);
      expect(alive(process.ppid)).toBe(true);
    } finally {
      shell.kill();
    }
  });

  it("names a damaged checkpoint, index or snapshot on resume instead of running", () => {
    const dir = join(tempDir(), "run");
    const { work } = openRunDir(dir, {});
    const measure = particles(Float64Array.from([1, 2, 3]), 1);
    writeSnapshot(work, { step: 0, t: 0, measure, energy: 0, metrics: {} } as never);
    writeCheckpoint(work, {
      version: 1,
      state: { step: 5, t: 0.5, measure },
      history: { step: [0], t: [0], energy: [0], metrics: {} },
      elapsedMs: 1,
    });
    closeRunDir(work);
    expect(readCheckpoint(work).state.step).toBe(5);
    const snap = join(work, "snapshots", "000000.npy");
    const good = readFileSync(snap);
    writeFileSync(snap, good.subarray(0, good.length - 3));
    expect(() => openRunDir(dir, { resume: true })).toThrow(/000000\.npy: npy: file is truncated/);
    writeFileSync(snap, good);
    const index = join(work, "snapshots", "index.json");
    writeFileSync(index, '[{"step": 0, "file": "../../etc/passwd"}]');
    expect(() => openRunDir(dir, { resume: true })).toThrow(/index\.json is not a snapshot index/);
    writeFileSync(index, "[{");
    expect(() => openRunDir(dir, { resume: true })).toThrow(/index\.json is not valid JSON/);
    const cp = join(work, "checkpoint.bin");
    writeFileSync(cp, readFileSync(cp).subarray(0, 40));
    expect(() => openRunDir(dir, { resume: true })).toThrow(IoError);
    expect(existsSync(join(work, "lock"))).toBe(false); // a refused resume leaves it unlocked
  });

  it("fails at once, naming the path, where a directory cannot be made", () => {
    const root = tempDir();
    writeFileSync(join(root, "file"), "");
    const t0 = performance.now();
    expect(() => openRunDir("/proc/ottoflow/x", {})).toThrow(
      /cannot create the directory \/proc\/ottoflow/,
    );
    expect(performance.now() - t0).toBeLessThan(1000); // node's recursive mkdir never returns here
    expect(() => openRunDir(join(root, "file", "x"), {})).toThrow(/is a file, not a directory/);
    expect(() => openRunDir("", {})).toThrow(/--out is empty/);
  });
});
