/** `ottoflow sweep` and `ottoflow collect`: a study from a file or the command line, run or emitted. */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { ConfigError } from "../core/errors.js";
import { type Study, parseGridOption, parseStudy } from "../config/study.js";
import { parseSet } from "../config/resolve.js";
import { findPreset } from "../presets/index.js";
import { parseCli } from "./args.js";
import { collectStudy } from "./collect.js";
import { emitParallel, emitSlurm } from "./emit.js";
import { defaultJobs, runPool } from "./pool.js";
import { MANIFEST_FILE, STUDY_FILE, writeStudyDir } from "./studyDir.js";

export const SWEEP_USAGE = `ottoflow sweep <STUDY.json|DIR/study.json|preset> [--grid key=v1,v2,… …] [--seeds N]
               [--seed N] [--set key=value …] [--scheme NAME] [--out DIR] [--jobs N]
               [--emit slurm|parallel] [--ottoflow CMD] [--quiet]
  --grid key=v1,v2     sweep a key (routed like --set: a problem parameter, dt/until/save_every,
                       scheme, scheme.KEY); several --grid give their product; replaces the
                       study's own values for that key
  --seeds N            replicates of every grid point (seeds derived from the study's --seed)
  --set key=value      a value for every run
  --out DIR            the study directory (default runs/<study name>; a DIR/study.json runs in DIR)
  --jobs N             runs at once (default: one per core here; Slurm's %K; parallel's --jobs)
  --emit slurm         write DIR/sweep.sbatch (a job array) instead of running here
  --emit parallel      write DIR/sweep.parallel.sh and print its GNU parallel command line
  --ottoflow CMD       how jobs call ottoflow (default: this node and this installation)
Finished runs are skipped and interrupted ones resume, so the same command continues a study.
Then: ottoflow collect DIR
`;

export const COLLECT_USAGE = `ottoflow collect DIR
  the study's table (DIR/collect/table.csv, table.md, runs.csv), figures (DIR/collect/figures)
  and report (DIR/report.html), from the runs finished so far
`;

function readTarget(target: string): { raw: unknown; out?: string } {
  const isFile = target.endsWith(".json") || (existsSync(target) && !findPreset(target));
  if (!isFile) return { raw: { name: target, preset: target } };
  if (!existsSync(target) || statSync(target).isDirectory())
    throw new ConfigError(
      `study file ${target} does not exist`,
      "name a study .json (see studies/), a study directory's study.json, or a preset",
    );
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(target, "utf8").replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new ConfigError(`${target} is not valid JSON: ${(e as Error).message}`, "fix the syntax");
  }
  // A study directory's own study.json continues that study where it is.
  const own = raw as { ottoflow?: unknown; study?: unknown };
  if (own && typeof own === "object" && "ottoflow" in own && "study" in own)
    return { raw: own.study, out: dirname(target) };
  return { raw };
}

const positiveInt = (text: string, what: string): number => {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new ConfigError(`${what} must be a positive integer, got "${text}"`, `e.g. ${what} 4`);
  return n;
};

export async function sweepCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(SWEEP_USAGE);
    return 0;
  }
  const { values, positionals } = parseCli(args, {
    grid: { type: "string", multiple: true, default: [] },
    set: { type: "string", multiple: true, default: [] },
    seeds: { type: "string" },
    seed: { type: "string" },
    scheme: { type: "string" },
    out: { type: "string" },
    jobs: { type: "string" },
    emit: { type: "string" },
    ottoflow: { type: "string" },
    quiet: { type: "boolean", default: false },
  });
  if (positionals.length !== 1)
    throw new ConfigError(
      "sweep takes one study file or preset name",
      "e.g. ottoflow sweep studies/ou-step-size.json, or ottoflow sweep ou --grid dim=2,4 --seeds 3",
    );
  const emit = values.emit as string | undefined;
  if (emit !== undefined && emit !== "slurm" && emit !== "parallel")
    throw new ConfigError(`--emit takes slurm or parallel, got "${emit}"`, "e.g. --emit slurm");
  const { raw, out: ownDir } = readTarget(positionals[0]);
  const base = parseStudy(raw, positionals[0]);
  const grid = { ...base.grid };
  for (const g of values.grid as string[]) {
    const [k, v] = parseGridOption(g);
    grid[k] = v;
  }
  const set = { ...base.set };
  for (const s of values.set as string[]) {
    const [k, v] = parseSet(s);
    set[k] = v;
  }
  const study: Study = parseStudy(
    {
      ...base,
      grid,
      set,
      ...(values.scheme ? { scheme: values.scheme } : {}),
      ...(values.seeds !== undefined
        ? { seeds: positiveInt(values.seeds as string, "--seeds") }
        : {}),
      ...(values.seed !== undefined ? { seed: Number(values.seed) } : {}),
    },
    "the study with the command line's options",
  );
  const out = (values.out as string | undefined) ?? ownDir ?? `runs/${study.name}`;
  const jobs = values.jobs === undefined ? undefined : positiveInt(values.jobs as string, "--jobs");
  const { entries, existed } = writeStudyDir(out, study);
  const quiet = values.quiet as boolean;
  const points = entries.length / study.seeds;
  if (!quiet)
    process.stderr.write(
      `study ${study.name}: ${entries.length} runs (${points} grid point${points > 1 ? "s" : ""} × ${study.seeds} seed${study.seeds > 1 ? "s" : ""}) in ${out}${existed ? " (continuing)" : ""}\n`,
    );
  const emitted = {
    name: study.name,
    entries: entries.length,
    jobs,
    ottoflow: values.ottoflow as string | undefined,
  };
  if (emit === "slurm") {
    const path = emitSlurm(out, emitted);
    process.stdout.write(`${path}\nsubmit with: sbatch ${path}\n`);
    return 0;
  }
  if (emit === "parallel") {
    const { command } = emitParallel(out, emitted);
    process.stdout.write(`${command}\n`);
    return 0;
  }
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let result;
  try {
    result = await runPool(join(out, MANIFEST_FILE), {
      jobs: jobs ?? defaultJobs(),
      quiet,
      tty: process.stderr.isTTY === true,
      signal: controller.signal,
    });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  if (result.interrupted) {
    process.stderr.write(`interrupted; continue with: ottoflow sweep ${join(out, STUDY_FILE)}\n`);
    return 130;
  }
  for (const i of result.failed)
    process.stderr.write(
      `run ${entries[i].id} failed: see ${join(out, entries[i].dir)}.failed.json\n`,
    );
  for (const i of result.notOk)
    process.stderr.write(
      `run ${entries[i].id} ended not ok: ottoflow show ${join(out, entries[i].dir)}\n`,
    );
  if (result.busy.length)
    process.stderr.write(
      `${result.busy.length} runs are running in another process (${result.busy.map((i) => `${join(out, entries[i].dir)}.lock`).join(", ")}); sweep again when they end, or remove a lock that no process holds\n`,
    );
  if (result.ok + result.notOk.length + result.skipped > 0) {
    const collected = collectStudy(out);
    if (!quiet)
      process.stdout.write(`${collected.markdown}\nreport: ${join(out, "report.html")}\n`);
  }
  return result.failed.length + result.notOk.length + result.busy.length > 0 ? 3 : 0;
}

export function collectCommand(args: string[]): number {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(COLLECT_USAGE);
    return 0;
  }
  if (args.length !== 1)
    throw new ConfigError(
      "collect takes one study directory",
      "e.g. ottoflow collect runs/ou-step-size",
    );
  const dir = args[0].endsWith(STUDY_FILE) ? dirname(args[0]) : args[0];
  const c = collectStudy(dir);
  process.stdout.write(c.markdown);
  process.stdout.write(
    `\n${c.stats.length ? "" : "no statistics; "}${c.failed.length} failed, ${c.pending} not run; report: ${join(dir, "report.html")}\n`,
  );
  return 0;
}
