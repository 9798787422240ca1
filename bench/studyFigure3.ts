/**
 * Seed 001's Figure 3 at full size, run once through the study (studies/seed001-figure3.json:
 * 5 dimensions × 15 seeds of the neural JKO on the OU flow), and its table written into
 * docs/benchmarks.md with the wall time and the command. Hours on a workstation; on a cluster,
 * emit the same study as a Slurm array and run this with `collect-only` afterwards.
 * Run: npx tsx bench/studyFigure3.ts [--jobs N] [collect-only]
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT, machine, updateBenchmarksDoc, writeResults } from "./common.js";

const args = process.argv.slice(2);
const collectOnly = args.includes("collect-only");
const passed = args.filter((a) => a !== "collect-only");
const out = join(ROOT, "runs", "seed001-figure3");
const bin = join(ROOT, "bin", "ottoflow.js");
const command = ["npx ottoflow sweep studies/seed001-figure3.json", ...passed].join(" ");
const resumed = existsSync(join(out, "study.json"));
const t0 = performance.now();
if (!collectOnly) {
  const r = spawnSync(
    process.execPath,
    [bin, "sweep", join(ROOT, "studies", "seed001-figure3.json"), "--out", out, ...passed],
    { stdio: "inherit" },
  );
  if (r.status !== 0 && r.status !== 3) process.exit(r.status ?? 1);
}
/**
 * The study's wall time from its run directories: the first run's start (its summary written
 * less its own duration) to the last summary written. What `collect-only` reports for a study
 * run by another process or elsewhere.
 */
function wallFromRuns(dir: string): number | undefined {
  let [first, last] = [Infinity, -Infinity];
  const runs = join(dir, "runs");
  for (const name of existsSync(runs) ? readdirSync(runs) : []) {
    const summary = join(runs, name, "summary.json");
    if (!existsSync(summary)) continue;
    const end = statSync(summary).mtimeMs;
    const took = (JSON.parse(readFileSync(summary, "utf8")) as { timings: { total_ms: number } })
      .timings.total_ms;
    first = Math.min(first, end - took);
    last = Math.max(last, end);
  }
  return Number.isFinite(first) ? (last - first) / 1000 : undefined;
}
const measured = collectOnly ? wallFromRuns(out) : (performance.now() - t0) / 1000;
const seconds = measured ?? NaN;
const collected = spawnSync(process.execPath, [bin, "collect", out], { encoding: "utf8" });
if (collected.status !== 0) {
  process.stderr.write(collected.stderr);
  process.exit(collected.status ?? 1);
}
const table = readFileSync(join(out, "collect", "table.md"), "utf8");
const info = machine();
writeResults("study-figure3", { machine: info, command, seconds, resumed, table });
updateBenchmarksDoc(
  "study-figure3",
  `## Seed 001's Figure 3 as a study (15 seeds)

${info.date.slice(0, 10)}, ${info.cpu} (${info.cores} cores), Node ${info.node}. \`${command}\`
(then \`npx ottoflow collect runs/seed001-figure3\`): 75 runs of the neural JKO, a = 0.05 to t = 0.9,
the OU preset's settings for it (linear residual T, J1 = 500, lr 0.005, M = 1000, dual width 64
depth 3, float32), a pool of 100000, each seed its own A and b. log10 SymKL of the pool's moments:
mean ± sample sd (min – max) over the seeds; "symkl:jko-vs-law" is the exact JKO iterate's own
distance to the law, the floor of the time discretisation. ${
    collectOnly
      ? `Collected from a study run by another process: wall time ${(seconds / 3600).toFixed(2)} h from the first run's start to the last run's end (from the run directories).`
      : `Wall time ${(seconds / 3600).toFixed(2)} h${resumed ? " (this invocation, continuing a study begun before)" : ""}.`
  } \`npx tsx bench/studyFigure3.ts\` regenerates this section.

${table}`,
);
process.stdout.write(table);
