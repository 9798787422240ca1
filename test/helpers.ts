/** Shared test helpers: temporary directories, child processes and a sample-statistics oracle. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import type { RunConfig } from "../src/config/resolve.js";
import { type RunHooks, runExperiment } from "../src/config/run.js";
import { energyParts } from "../src/energies/parts.js";
import type { RunResult } from "../src/flow/types.js";
import type { Key } from "../src/random/key.js";
import type { Problem, StepContext } from "../src/schemes/types.js";

const made: string[] = [];
afterEach(() => {
  while (made.length) rmSync(made.pop() as string, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ottoflow-test-"));
  made.push(dir);
  return dir;
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end without blocking the test worker (a synchronous spawn would stall
 * the worker's messages to the runner for as long as the child runs).
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** Kolmogorov's asymptotic critical value of √n·D at level α = 0.001. */
export const KS_CRITICAL_0001 = 1.949;

/** Mean and (1/n) variance. */
export function meanVar(x: ArrayLike<number>): [number, number] {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i];
  m /= x.length;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i] - m) ** 2;
  return [m, v / x.length];
}

/** A step's context as flow() builds it: the energy decoded, the first attempt. */
export function stepContext(problem: Problem, dt: number, k: Key): StepContext {
  return { problem, parts: energyParts(problem.energy), dt, key: k, attempt: 0 };
}

/** A configuration run through the one run path; its flow() result. */
export async function runResult(config: RunConfig, hooks: RunHooks = {}): Promise<RunResult> {
  return (await runExperiment(config, hooks)).result;
}
