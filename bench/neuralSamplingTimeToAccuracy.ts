/**
 * Time to accuracy of the sampling presets' neural JKO (gmm in d = 2, 8, 13; two-moons): the
 * seed's Algorithm 1 (J1 = 500 at a constant rate, a fresh Adam per step) against the presets'
 * defaults (J1 = 100, cosine tail, Adam's memory carried between steps), each to the preset's
 * end (t = 2, 20 steps), one after the other in this process. The oracle is the energy distance
 * to exact target samples (unbiased: O(1/n) noise around 0); time is this one-threaded process's
 * CPU time per step, fused kernels as the CLI runs them.
 *   npx tsx bench/neuralSamplingTimeToAccuracy.ts
 */
import v8 from "node:v8";
import { runExperiment } from "../src/config/run.js";
import { resolveRunConfig } from "../src/config/runConfig.js";
import { machine, updateBenchmarksDoc, writeResults } from "./common.js";

v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
const SEED = ["scheme.outer=500", "scheme.schedule=constant", "scheme.adam=fresh"];
const cases: [string, string[]][] = [
  ["gmm", ["dim=2"]],
  ["gmm", ["dim=8"]],
  ["gmm", ["dim=13"]],
  ["two-moons", []],
];

async function run(preset: string, sets: string[]) {
  const cpu = process.cpuUsage();
  const { result } = await runExperiment(resolveRunConfig(preset, sets, 0));
  const used = process.cpuUsage(cpu);
  const ed = result.history.metrics["energy-distance:target"];
  return {
    status: result.status,
    retried: result.retries,
    seconds_per_step: (used.user + used.system) / 1e6 / result.steps,
    start: ed[0],
    end: ed[ed.length - 1],
  };
}

const rows = [];
for (const [preset, sets] of cases) {
  const seed = await run(preset, [...sets, ...SEED]);
  const warm = await run(preset, sets);
  const row = { case: [preset, ...sets].join(" "), seed, warm };
  rows.push(row);
  console.log(JSON.stringify(row));
}
const info = machine();
writeResults("neural-sampling-time-to-accuracy", { machine: info, rows });
const e = (v: number) => v.toExponential(1);
updateBenchmarksDoc(
  "neural-sampling-time-to-accuracy",
  `## Neural JKO on the sampling presets: time to accuracy\n\n${info.date.slice(0, 10)}, ${info.cpu}, ${info.cores} cores, Node ${info.node}; each preset to its end (t = 2, 20 JKO steps of a = 0.1, pool 4000, the presets' networks), fused kernels. _Seed_: Algorithm 1 as published, J1 = 500 at a constant rate with a fresh Adam per step; _warm_: the presets' defaults, J1 = 100 with the cosine tail and Adam's memory carried between steps. Energy distance to exact target samples (2000 of them), unbiased, so its noise is O(1/n) around 0; seconds are this one-threaded process's CPU time per step. \`npx tsx bench/neuralSamplingTimeToAccuracy.ts\` regenerates this table.\n\n` +
    "| case | energy distance at t = 0 | at t = 2: seed | warm | s per step: seed | warm | time ratio | retried (seed / warm) |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n" +
    rows
      .map(
        (r) =>
          `| ${r.case} | ${e(r.seed.start)} | ${e(r.seed.end)} | ${e(r.warm.end)} | ${r.seed.seconds_per_step.toFixed(2)} | ${r.warm.seconds_per_step.toFixed(2)} | ${(r.warm.seconds_per_step / r.seed.seconds_per_step).toFixed(2)} | ${r.seed.retried} / ${r.warm.retried} |`,
      )
      .join("\n"),
);
