/** `ottoflow run`: a validated config becomes a run directory, via flow(). */
import { join } from "node:path";
import { ConfigError } from "../core/errors.js";
import { flow } from "../flow/flow.js";
import type { RunStatus } from "../flow/types.js";
import type { RunConfig } from "../config/runConfig.js";
import { historyToCsv } from "../io/csv.js";
import { readJson, writeAtomic, writeJson } from "../io/files.js";
import { completeRunDir, openRunDir, writeCheckpoint, writeSnapshot } from "../io/runDir.js";
import { type Summary, summarise } from "../io/summary.js";
import { writeReport } from "../plot/report.js";
import { buildExperiment, experimentFlow, runRecord } from "../presets/experiment.js";
import { progressSink } from "./progress.js";

export interface ExecuteOptions {
  out: string;
  force?: boolean;
  resume?: boolean;
  quiet?: boolean;
  tty?: boolean;
  signal?: AbortSignal;
  maxWallMs?: number;
}

export interface Executed {
  summary: Summary;
  /** The directory holding the results: the final one, or the partial one when interrupted. */
  dir: string;
}

function assertSameRun(work: string, record: Record<string, unknown>): void {
  const previous = readJson<Record<string, unknown>>(join(work, "run.json"));
  for (const field of ["preset", "seed", "params"] as const)
    if (JSON.stringify(previous[field]) !== JSON.stringify(record[field]))
      throw new ConfigError(
        `--resume: ${field} differs from the interrupted run (${JSON.stringify(previous[field])})`,
        "resume with the same preset, --set values and --seed, or start over with --force",
      );
}

export async function executeRun(config: RunConfig, o: ExecuteOptions): Promise<Executed> {
  const exp = buildExperiment(config);
  const record = runRecord(config, exp);
  const opened = openRunDir(o.out, { force: o.force, resume: o.resume });
  const { work } = opened;
  if (opened.checkpoint) assertSameRun(work, record);
  else writeJson(join(work, "run.json"), record);

  const progress = progressSink({ quiet: !!o.quiet, tty: !!o.tty, label: config.preset.name });
  let result;
  try {
    result = await flow({
      ...experimentFlow(exp, config.seed),
      signal: o.signal,
      maxWallMs: o.maxWallMs,
      resume: opened.checkpoint,
      onStep: (p) => progress.update(p),
      onSnapshot: (s) => writeSnapshot(work, s),
      onCheckpoint: (c) => writeCheckpoint(work, c),
    });
  } finally {
    progress.stop();
  }
  const summary = summarise(
    result,
    { preset: config.preset.name, scheme: exp.scheme.name, seed: config.seed },
    { ...exp.events?.(result.history), ...exp.scheme.events?.(result.final) },
  );
  writeJson(join(work, "summary.json"), summary);
  writeAtomic(join(work, "metrics.csv"), historyToCsv(result.history));
  if (result.status === "cancelled") return { summary, dir: work };
  writeReport(work, summary, record, exp.view);
  completeRunDir(o.out, { force: o.force });
  return { summary, dir: o.out };
}

export function exitCodeFor(status: RunStatus): number {
  return status === "ok" ? 0 : status === "cancelled" ? 130 : 3;
}
