/** The command line under interruption: a run killed part-way resumes to the same bits. */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand, tempDir } from "../helpers.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "ottoflow.js");

const ottoflow = (...args: string[]) =>
  runCommand(process.execPath, [BIN, ...args], { env: { ...process.env, CI: "true" } });

const readJson = (p: string) => JSON.parse(readFileSync(p, "utf8"));

describe("ottoflow CLI", () => {
  it("an interrupted run resumes to the same result as an uninterrupted one", async () => {
    const dir = tempDir();
    const sets = ["--set", "n=400", "--set", "until=150", "--set", "save_every=2.5"];
    const out = join(dir, "cut");
    const child = spawn(process.execPath, [
      BIN,
      "run",
      "double-well",
      "--out",
      out,
      "--quiet",
      ...sets,
    ]);
    const checkpoint = join(`${out}.partial`, "checkpoint.bin");
    for (let i = 0; i < 400 && !existsSync(checkpoint); i++)
      await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGINT");
    let stderr = "";
    child.stderr.on("data", (b) => (stderr += b));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(130);
    // the hint names run.json, which holds every setting: pasting it resumes the same run
    expect(stderr).toContain(`continue with: ottoflow run ${join(`${out}.partial`, "run.json")}`);
    expect(existsSync(out)).toBe(false); // nothing looks complete
    const resumed = await ottoflow(
      "run",
      join(`${out}.partial`, "run.json"),
      "--out",
      out,
      "--quiet",
      "--resume",
    );
    expect(resumed.code).toBe(0);
    const full = join(dir, "full");
    expect((await ottoflow("run", "double-well", "--out", full, "--quiet", ...sets)).code).toBe(0);
    const last = (d: string) => readFileSync(join(d, "snapshots", "030000.npy"));
    expect(Buffer.compare(last(out), last(full))).toBe(0);
    expect(readJson(join(out, "summary.json")).energy).toEqual(
      readJson(join(full, "summary.json")).energy,
    );
    const again = await ottoflow("run", "double-well", "--out", out, "--resume", ...sets);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already complete/);
  });
});
