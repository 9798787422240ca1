/**
 * Local execution of a study: a pool of child processes, each `ottoflow run --manifest M --index I`
 * — the same command a Slurm array task or GNU parallel runs — so a run's failure or crash stays
 * in its process and is recorded, and the study goes on. Complete entries are skipped and
 * interrupted ones resume from their checkpoints, so a study killed and restarted finishes with
 * the results an uninterrupted one gives. One progress bar counts runs.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import cliProgress from "cli-progress";
import { describePoint, type ManifestEntry } from "../config/study.js";
import { writeJson } from "../io/files.js";
import { BUSY } from "./manifestRun.js";
import { type FailureRecord, entryPaths, entryState, readManifest } from "./studyDir.js";

/** The ottoflow executable beside this module (dist/src/cli → bin, or src/cli → bin). */
export function ottoflowBin(): string {
  for (const rel of ["../../../bin/ottoflow.js", "../../bin/ottoflow.js"]) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error("bin/ottoflow.js not found beside the ottoflow modules");
}

export const defaultJobs = (): number => availableParallelism();

export interface PoolOptions {
  jobs: number;
  quiet?: boolean;
  tty?: boolean;
  signal?: AbortSignal;
  /** Where progress lines and the bar go (default stderr). */
  stream?: NodeJS.WritableStream;
}

export interface PoolResult {
  total: number;
  skipped: number;
  ok: number;
  /** Entries that finished with a status other than ok (diverged, unstable, stalled). */
  notOk: number[];
  failed: number[];
  busy: number[];
  interrupted: boolean;
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function runChild(manifest: string, e: ManifestEntry): { done: Promise<Outcome>; kill(): void } {
  const child = spawn(
    process.execPath,
    [ottoflowBin(), "run", "--manifest", manifest, "--index", String(e.index), "--quiet"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const done = new Promise<Outcome>((resolveDone) => {
    child.on("error", (err) => resolveDone({ code: 1, signal: null, stderr: err.message }));
    child.on("close", (code, signal) => resolveDone({ code, signal, stderr }));
  });
  return { done, kill: () => void child.kill("SIGTERM") };
}

export async function runPool(manifest: string, o: PoolOptions): Promise<PoolResult> {
  const entries = readManifest(manifest);
  const stream = o.stream ?? process.stderr;
  const todo = entries.filter((e) => entryState(manifest, e) !== "complete");
  const result: PoolResult = {
    total: entries.length,
    skipped: entries.length - todo.length,
    ok: 0,
    notOk: [],
    failed: [],
    busy: [],
    interrupted: false,
  };
  const bar =
    !o.quiet && o.tty
      ? new cliProgress.SingleBar(
          {
            format:
              "study {bar} {value}/{total} runs | {running} running | {failed} failed | eta {eta_formatted}",
            stream,
            hideCursor: true,
            etaBuffer: 20,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  let finished = result.skipped;
  const running = new Map<number, () => void>();
  const payload = () => ({ running: running.size, failed: result.failed.length });
  bar?.start(entries.length, finished, payload());
  if (!o.quiet && !bar && result.skipped)
    stream.write(`${result.skipped} of ${entries.length} runs already complete\n`);
  const onAbort = (): void => {
    result.interrupted = true;
    for (const kill of running.values()) kill();
  };
  o.signal?.addEventListener("abort", onAbort, { once: true });
  const started = performance.now();

  const settle = (e: ManifestEntry, out: Outcome, seconds: number): void => {
    running.delete(e.index);
    let word: string;
    if (out.code === 0) {
      result.ok++;
      word = "ok";
    } else if (out.code === 3) {
      result.notOk.push(e.index);
      word = "ended not ok";
    } else if (out.code === BUSY) {
      result.busy.push(e.index);
      word = "running elsewhere";
    } else if (out.code === 130 || (result.interrupted && out.signal)) {
      result.interrupted = true;
      word = "interrupted";
    } else {
      result.failed.push(e.index);
      word = "failed";
      // A child that died without a word (killed, out of memory) has its failure written here.
      const paths = entryPaths(manifest, e);
      if (!existsSync(paths.failed)) {
        const record: FailureRecord = {
          index: e.index,
          id: e.id,
          point: e.point,
          replicate: e.replicate,
          error: out.signal
            ? `the run's process was killed by ${out.signal}`
            : out.stderr.trim() || `exit ${out.code}`,
          fix: null,
          exit: out.code,
        };
        writeJson(paths.failed, record);
      }
    }
    if (word !== "interrupted") finished++;
    if (bar) bar.update(finished, payload());
    else if (!o.quiet)
      stream.write(
        `[${finished}/${entries.length}] run ${e.id} (${describePoint(e.point)}, replicate ${e.replicate}) ${word} in ${seconds.toFixed(1)} s\n`,
      );
  };

  const queue = [...todo];
  const worker = async (): Promise<void> => {
    for (let e = queue.shift(); e && !result.interrupted; e = queue.shift()) {
      const t0 = performance.now();
      const child = runChild(manifest, e);
      running.set(e.index, child.kill);
      bar?.update(finished, payload());
      settle(e, await child.done, (performance.now() - t0) / 1000);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.jobs, todo.length)) }, worker));
  } finally {
    o.signal?.removeEventListener("abort", onAbort);
    bar?.stop();
  }
  if (!o.quiet)
    stream.write(
      `study: ${result.ok + result.notOk.length} runs finished, ${result.skipped} skipped as complete, ` +
        `${result.failed.length} failed in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  return result;
}
