/**
 * `ottoflow run --manifest m.jsonl --index I`: entry I of a study, into its run directory —
 * skipped when complete, resumed from its checkpoint when interrupted, started afresh otherwise.
 * This is the one command that every engine calls (the local pool, a Slurm array task, GNU
 * parallel), so an entry gives the same files wherever it ran. A failure is written beside the
 * run directory (NNNN.failed.json) before the error reaches the caller.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { ConfigError, OttoflowError } from "../core/errors.js";
import { resolveRun } from "../config/resolve.js";
import { requestFromRecord } from "../config/runConfig.js";
import type { Summary } from "../config/summary.js";
import { readJson, writeJson } from "../io/files.js";
import { CHECKPOINT } from "../io/runDir.js";
import { alive } from "../io/runLock.js";
import { type FailureRecord, entryPaths, readManifest } from "./studyDir.js";
import { type Executed, executeRun, exitCodeFor } from "./execute.js";

/** The exit code of an entry that another live process is running (sysexits' EX_TEMPFAIL). */
export const BUSY = 75;

export interface ManifestRunOptions {
  quiet?: boolean;
  tty?: boolean;
  signal?: AbortSignal;
}

export interface ManifestRun {
  code: number;
  dir: string;
  /** "skipped": complete before; "busy": another process holds the entry. */
  outcome: "ran" | "skipped" | "busy";
  executed?: Executed;
}

/**
 * Takes the entry's lock file; false when a live process on this host (or any process on another
 * host) holds it. A lock left by a dead process on this host is taken over.
 */
function lock(path: string): boolean {
  const mine = JSON.stringify({ pid: process.pid, host: hostname() });
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, mine);
      closeSync(fd);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let held: { pid?: number; host?: string } = {};
      try {
        held = JSON.parse(readFileSync(path, "utf8")) as typeof held;
      } catch {
        // a lock being written right now, or not ours to judge: leave it
        return false;
      }
      if (held.host !== hostname() || typeof held.pid !== "number" || alive(held.pid)) return false;
      rmSync(path, { force: true });
    }
  }
  return false;
}

export async function runManifestEntry(
  manifest: string,
  index: number,
  o: ManifestRunOptions = {},
): Promise<ManifestRun> {
  const entries = readManifest(manifest);
  const entry = entries[index];
  if (!entry)
    throw new ConfigError(
      `--index ${index} is outside the manifest ${manifest} (entries 0 to ${entries.length - 1})`,
      `give --index in 0…${entries.length - 1}`,
    );
  const paths = entryPaths(manifest, entry);
  const summaryPath = join(paths.dir, "summary.json");
  if (existsSync(summaryPath)) {
    const summary = readJson<Summary>(summaryPath);
    return { code: exitCodeFor(summary.status), dir: paths.dir, outcome: "skipped" };
  }
  if (existsSync(paths.dir))
    throw new ConfigError(
      `${paths.dir} exists but holds no finished run`,
      "move it away; ottoflow does not overwrite what it did not write",
    );
  if (!lock(paths.lock)) return { code: BUSY, dir: paths.dir, outcome: "busy" };
  try {
    const config = resolveRun(
      requestFromRecord(entry.config, `${manifest} line ${index + 1}`),
      `${manifest} line ${index + 1}`,
    );
    const resume = existsSync(join(paths.partial, CHECKPOINT));
    // A partial directory without a checkpoint is one of ours killed before its first save.
    const force = !resume && existsSync(join(paths.partial, "snapshots", "index.json"));
    if (!resume && !force && existsSync(paths.partial))
      throw new ConfigError(
        `${paths.partial} exists but is not an ottoflow run`,
        "move it away; ottoflow does not overwrite what it did not write",
      );
    const executed = await executeRun(config, {
      out: paths.dir,
      resume,
      force,
      quiet: o.quiet,
      tty: o.tty,
      signal: o.signal,
    });
    if (executed.summary.status !== "cancelled") rmSync(paths.failed, { force: true });
    return {
      code: exitCodeFor(executed.summary.status),
      dir: executed.dir,
      outcome: "ran",
      executed,
    };
  } catch (e) {
    const err = e as Error;
    const record: FailureRecord = {
      index,
      id: entry.id,
      point: entry.point,
      replicate: entry.replicate,
      error: e instanceof OttoflowError ? e.reason : (err.stack ?? err.message),
      fix: e instanceof OttoflowError ? (e.fix ?? null) : null,
      exit: e instanceof OttoflowError ? 2 : 1,
    };
    writeJson(paths.failed, record);
    throw e;
  } finally {
    rmSync(paths.lock, { force: true });
  }
}
