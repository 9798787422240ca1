/**
 * What the diagnostics cost beside the flow: runs with a snapshot every 0.05 time units, the
 * time flow() spends in steps and in F and the metrics at the saves; and one evaluation of the
 * interaction energy by its fast path against the pair loop on the same cloud (the baseline,
 * measured in this run). Run: npx tsx bench/diagnostics.ts
 */
import { resolveRunConfig } from "../src/config/runConfig.js";
import { runExperiment } from "../src/config/run.js";
import { interactionOnParticles } from "../src/energies/evaluate.js";
import { logKernel, ringKernel } from "../src/energies/interaction.js";
import type { RadialKernel } from "../src/energies/types.js";
import { particles } from "../src/measures/construct.js";
import type { Particles } from "../src/measures/types.js";
import { key } from "../src/random/key.js";
import { normal } from "../src/random/sample.js";
import { machine, time, updateBenchmarksDoc, writeResults } from "./common.js";

/** ½ Σ_{i≠j} W(x_i − x_j)/N², the O(N²) loop the fast paths replace. */
function pairLoop(kernel: RadialKernel, p: Particles): number {
  let s = 0;
  for (let i = 0; i < p.n; i++)
    for (let j = i + 1; j < p.n; j++) {
      let r2 = 0;
      for (let a = 0; a < p.d; a++) r2 += (p.x[i * p.d + a] - p.x[j * p.d + a]) ** 2;
      s += kernel.w(r2);
    }
  return s / (p.n * p.n);
}

const cases = [
  { preset: "aggregation-ring", kernel: ringKernel, d: 2, n: 2000, size: "scheme.n" },
  { preset: "aggregation-ring", kernel: ringKernel, d: 2, n: 20000, size: "scheme.n" },
  { preset: "aggregation-log", kernel: logKernel, d: 1, n: 2000, size: "n" },
];
const rows: Record<string, number | string>[] = [];
for (const { preset, kernel, d, n, size } of cases) {
  const config = resolveRunConfig(preset, [`${size}=${n}`, "until=2", "save_every=0.05"]);
  const { result } = await runExperiment(config);
  const cloud = particles(normal(key(n), d * n), d);
  const fast = time(() => interactionOnParticles(kernel, cloud), 5);
  const loop = time(() => pairLoop(kernel, cloud), n > 5000 ? 1 : 3, 0);
  const row = {
    preset,
    n,
    status: result.status,
    steps: result.steps,
    saves: result.snapshots.length,
    steps_ms: result.timings.steps_ms,
    diagnostics_ms: result.timings.diagnostics_ms,
    diagnostics_over_flow: result.timings.diagnostics_ms / result.timings.steps_ms,
    energy_fast_ms: fast.ms,
    energy_pair_loop_ms: loop.ms,
    pair_loop_over_fast: loop.ms / fast.ms,
  };
  console.log(row);
  rows.push(row);
}
const info = machine();
writeResults("diagnostics", { machine: info, rows });
const f = (v: unknown) => (typeof v === "number" ? v.toPrecision(3) : String(v));
updateBenchmarksDoc(
  "diagnostics",
  `## What the diagnostics cost beside the flow\n\n${info.date.slice(0, 10)}, ${info.cpu}, Node ${info.node}; each preset to t = 2 with a snapshot every 0.05 (41 saves: F and the preset's metrics each), one run each; on \`aggregation-ring\` dt = 0.05, so there is a save at every step and diagnostics ≈ 2× the flow is the cost of evaluating F and the metrics as often as the velocity. The last three columns time one evaluation of the interaction energy on the same N-point cloud: the fast path (exact moment sums, O(N), for the ring's polynomial kernel; pair sums in WebAssembly with a running product of mantissas, one logarithm per row, for the log kernel) against the pair loop it replaces (O(N²), the baseline, measured in the same run). \`npx tsx bench/diagnostics.ts\` regenerates this table.\n\n` +
    `| preset | N | steps | flow ms | diagnostics ms | diagnostics / flow | F by the fast path, ms | F by the pair loop, ms | loop / fast |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n` +
    rows
      .map(
        (r) =>
          `| ${r.preset} | ${r.n} | ${r.steps} | ${f(r.steps_ms)} | ${f(r.diagnostics_ms)} | ${f(r.diagnostics_over_flow)} | ${f(r.energy_fast_ms)} | ${f(r.energy_pair_loop_ms)} | ${f(r.pair_loop_over_fast)} |`,
      )
      .join("\n"),
);
