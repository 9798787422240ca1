/**
 * Scripts for the engines researchers already have: a Slurm job array and a GNU parallel command
 * line, each calling `ottoflow run --manifest M --index I` once per entry. Paths are absolute (a
 * job starts wherever the scheduler starts it), so re-emit after moving a study directory.
 * Anything the scheduler should know beyond the array (time, memory, partition, account) goes on
 * its own command line — `sbatch --time=4:00:00 DIR/sweep.sbatch` — where it overrides the script.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeAtomic } from "../io/files.js";
import { ottoflowBin } from "./pool.js";

/** A word for a POSIX shell: bare when safe, else single-quoted. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** How a job calls ottoflow: this node and this installation, or the user's own command. */
export function ottoflowCommand(custom?: string): string {
  return custom ?? [process.execPath, ottoflowBin()].map(shellQuote).join(" ");
}

export interface EmitOptions {
  name: string;
  entries: number;
  /** At most this many at once (Slurm's %K, parallel's --jobs); parallel's default is a job per core. */
  jobs?: number;
  ottoflow?: string;
}

const entryCommand = (dir: string, o: EmitOptions, index: string): string =>
  `${ottoflowCommand(o.ottoflow)} run --manifest ${shellQuote(join(resolve(dir), "manifest.jsonl"))} --index ${index} --quiet`;

/** DIR/sweep.sbatch: an array of one task per entry; returns its path. */
export function emitSlurm(dir: string, o: EmitOptions): string {
  const abs = resolve(dir);
  const logs = join(abs, "logs");
  // Slurm opens --output before the task starts and does not create its folder.
  mkdirSync(logs, { recursive: true });
  const k = Math.min(o.jobs ?? 64, o.entries);
  const path = join(abs, "sweep.sbatch");
  writeAtomic(
    path,
    `#!/bin/bash
# ottoflow study "${o.name}": ${o.entries} runs as one Slurm job array, at most ${k} at once.
# Submit: sbatch ${shellQuote(path)}   (sbatch options given there override these lines)
# Rerunning the array is safe: finished runs are skipped, interrupted ones resume.
# Then: ottoflow collect ${shellQuote(abs)}
#SBATCH --job-name=${o.name.replace(/[^A-Za-z0-9._-]/g, "_")}
#SBATCH --array=0-${o.entries - 1}%${k}
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --output=${join(logs, "slurm-%A_%a.out")}
set -euo pipefail
exec ${entryCommand(dir, o, '"$SLURM_ARRAY_TASK_ID"')}
`,
  );
  return path;
}

/** The GNU parallel command line of the study (also written to DIR/sweep.parallel.sh). */
export function emitParallel(dir: string, o: EmitOptions): { path: string; command: string } {
  const abs = resolve(dir);
  const jobs = o.jobs ? ` --jobs ${o.jobs}` : "";
  const command = `seq 0 ${o.entries - 1} | parallel${jobs} --joblog ${shellQuote(join(abs, "parallel.joblog"))} ${entryCommand(dir, o, "{}")}`;
  const path = join(abs, "sweep.parallel.sh");
  writeAtomic(
    path,
    `#!/bin/bash
# ottoflow study "${o.name}": ${o.entries} runs through GNU parallel (e.g. inside an allocation).
# Rerunning is safe: finished runs are skipped, interrupted ones resume.
# Then: ottoflow collect ${shellQuote(abs)}
set -euo pipefail
${command}
`,
  );
  return { path, command };
}
