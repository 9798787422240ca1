/**
 * Seconds per JKO step of every neural preset at its defaults, beside seed 001's GPU figures:
 * about 10 s per KL step on an RTX 3090 (§4.2: "20 s per two JKO steps", every d from 2 to
 * 32) and 100 s per generalised-entropy step (B.4). Goals (issue 20): ≤ 2.5 s per KL step and
 * ≤ 25 s per generalised-entropy step on one CPU core. Each case runs three steps from its
 * start (set-up included) with the fused kernels, as the CLI runs it (the V8 flag below).
 * The interaction-only step (the ring) has no dual and no figure in the seed.
 * Run: npx tsx bench/neuralPresetSteps.ts
 */
import v8 from "node:v8";
import { runExperiment } from "../src/config/run.js";
import { resolveRunConfig } from "../src/config/runConfig.js";
import { machine, median, updateBenchmarksDoc, writeResults } from "./common.js";
import { caseLabel, cases } from "./neuralPresetCases.js";

v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
const STEPS = 3;
/** Runs per case: the machine's other load moves one run's CPU time by up to a third. */
const RUNS = 3;
const rows: Record<string, number | string>[] = [];
for (const c of cases) {
  const dt = resolveRunConfig(c.preset, c.sets, 0, c.scheme).time.dt;
  const config = resolveRunConfig(
    c.preset,
    [...c.sets, `until=${STEPS * dt}`, `save_every=${STEPS * dt}`],
    0,
    c.scheme,
  );
  // CPU time of this one-threaded process: the machine is shared, and wall time would count
  // whatever else ran beside it
  const cpuPerStep: number[] = [];
  const wallPerSteps: number[] = [];
  let result: Awaited<ReturnType<typeof runExperiment>>["result"] | undefined;
  for (let run = 0; run < RUNS; run++) {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    ({ result } = await runExperiment(config));
    const used = process.cpuUsage(cpu);
    cpuPerStep.push((used.user + used.system) / 1e6 / result.steps);
    wallPerSteps.push((performance.now() - t0) / 1000 / result.steps);
  }
  if (!result) throw new Error("no run");
  const perStep = median(cpuPerStep);
  const wallPerStep = median(wallPerSteps);
  const p = config.schemeParams as { outer: number; n: number };
  const row = {
    case: caseLabel(c),
    kind: c.kind,
    status: result.status,
    steps: result.steps,
    outer: p.outer,
    pool: p.n,
    seconds_per_step: perStep,
    seconds_per_step_runs: cpuPerStep.join(" "),
    wall_seconds_per_step: wallPerStep,
    seed_gpu_seconds: c.seed,
    goal_seconds: c.goal,
    over_goal: perStep / c.goal,
  };
  rows.push(row);
  console.log(row);
}
const info = machine();
writeResults("neural-preset-steps", { machine: info, rows });
const f = (v: number) => (Number.isFinite(v) ? v.toPrecision(3) : "–");
updateBenchmarksDoc(
  "neural-preset-steps",
  `## Neural presets: seconds per JKO step beside the paper's GPU\n\n${info.date.slice(0, 10)}, ${info.cpu}, Node ${info.node}; one thread, fused kernels (as the CLI), each preset at its defaults (or with seed 001's networks of C.1, its "layers" read as hidden layers as for its OU networks) for ${STEPS} steps from its start, set-up included, the median of ${RUNS} runs; seconds are the process's CPU time per step (one thread; wall time moves with whatever else shares the machine). Seed 001 on an RTX 3090: ~10 s per KL step (§4.2), ~100 s per generalised-entropy step (B.4). Goals: a quarter of those. \`npx tsx bench/neuralPresetSteps.ts\` regenerates this table.\n\n` +
    "| case | energy | J1 | pool | s per step | seed 001 (GPU) s | goal s | over goal |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n" +
    rows
      .map(
        (r) =>
          `| ${r.case} | ${r.kind} | ${r.outer} | ${r.pool} | ${f(Number(r.seconds_per_step))} | ${f(Number(r.seed_gpu_seconds))} | ${f(Number(r.goal_seconds))} | ${f(Number(r.over_goal))} |`,
      )
      .join("\n"),
);
