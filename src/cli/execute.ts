/** `ottoflow run`: a validated config becomes a run directory, through the one run path. */
import { dirname, join, resolve } from "node:path";
import { ConfigError, LimitError } from "../core/errors.js";
import { removeOwned } from "../io/ownedDir.js";
import { budgetOf, checkBudget } from "./budget.js";
import type { RunStatus } from "../flow/types.js";
import type { RunConfig } from "../config/resolve.js";
import { type RunRecord, prepareRun, runPrepared } from "../config/run.js";
import type { Summary } from "../config/summary.js";
import { historyToCsv } from "../io/csv.js";
import { readJson, writeAtomic, writeJson } from "../io/files.js";
import {
  closeRunDir,
  completeRunDir,
  openRunDir,
  writeCheckpoint,
  writeSnapshot,
} from "../io/runDir.js";
import { writeReport } from "../plot/report.js";
import { progressSink } from "./progress.js";

export interface ExecuteOptions {
  out: string;
  force?: boolean;
  resume?: boolean;
  quiet?: boolean;
  tty?: boolean;
  signal?: AbortSignal;
  maxWallMs?: number;
  /** Memory and free disk to check the run against (default: this machine's). */
  limits?: { memory?: number; disk?: number };
}

export interface Executed {
  summary: Summary;
  /** The directory holding the results: the final one, or the partial one when interrupted. */
  dir: string;
}

/** The fields of run.json that make two runs the same run. */
const IDENTITY = ["preset", "scheme", "params", "time", "seed"] as const;

function assertSameRun(work: string, record: RunRecord): void {
  const previous = readJson<Record<string, unknown>>(join(work, "run.json"));
  for (const field of IDENTITY)
    if (JSON.stringify(previous[field]) !== JSON.stringify(record[field]))
      throw new ConfigError(
        `--resume: ${field} differs from the interrupted run (${JSON.stringify(previous[field])})`,
        `resume with \`ottoflow run ${join(work, "run.json")} --out … --resume\`, or start over with --force`,
      );
}

export async function executeRun(config: RunConfig, o: ExecuteOptions): Promise<Executed> {
  const prepared = prepareRun(config);
  // `--out runs/x/` is runs/x (its partial directory is runs/x.partial, not runs/x/.partial)
  const out = o.out.length > 1 ? o.out.replace(/[\\/]+$/, "") : o.out;
  const opened = openRunDir(out, { force: o.force, resume: o.resume });
  try {
    return await runIn(opened, out, prepared, o);
  } finally {
    closeRunDir(opened.work); // a no-op once the run is complete and moved
  }
}

async function runIn(
  opened: ReturnType<typeof openRunDir>,
  out: string,
  prepared: ReturnType<typeof prepareRun>,
  o: ExecuteOptions,
): Promise<Executed> {
  const { config, record } = prepared;
  const { work } = opened;
  if (opened.checkpoint) assertSameRun(work, record);
  else writeJson(join(work, "run.json"), record);

  const progress = progressSink({ quiet: !!o.quiet, tty: !!o.tty, label: config.preset.name });
  let finished;
  try {
    finished = await runPrepared(prepared, {
      signal: o.signal,
      maxWallMs: o.maxWallMs,
      resume: opened.checkpoint,
      keepSnapshots: false, // they go to disk as they come; holding them all is what runs out of memory
      onStart: (s, plan) => {
        const line = checkBudget(budgetOf(s, plan), dirname(resolve(work)), o.limits);
        if (!o.quiet) process.stderr.write(`${config.preset.name}: ${line}\n`);
      },
      onStep: (p) => progress.update(p),
      onSnapshot: (s) => writeSnapshot(work, s),
      onCheckpoint: (c) => writeCheckpoint(work, c),
    });
  } catch (e) {
    // refused before any step: the fresh partial directory holds nothing worth keeping
    if (e instanceof LimitError && !opened.checkpoint) removeOwned(work);
    throw e;
  } finally {
    progress.stop();
  }
  const { summary, result } = finished;
  writeJson(join(work, "summary.json"), summary);
  writeAtomic(join(work, "metrics.csv"), historyToCsv(result.history));
  if (result.status === "cancelled") return { summary, dir: work };
  writeReport(work, summary, record, prepared.experiment.view);
  completeRunDir(out, { force: o.force });
  return { summary, dir: out };
}

export function exitCodeFor(status: RunStatus): number {
  return status === "ok" ? 0 : status === "cancelled" ? 130 : 3;
}
