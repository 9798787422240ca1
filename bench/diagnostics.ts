/**
 * What the diagnostics cost beside the flow: runs with a snapshot every 0.05 time units, the
 * time flow() spends in steps and in F and the metrics at the saves; and one evaluation of the
 * interaction energy by the moment sums against the pair loop on the same cloud (the baseline,
 * measured in this run). Run: npx tsx bench/diagnostics.ts
 */
import { resolveRunConfig } from "../src/config/runConfig.js";
import { runExperiment } from "../src/config/run.js";
import { interactionOnParticles } from "../src/energies/evaluate.js";
import { ringKernel } from "../src/energies/interaction.js";
import type { RadialKernel } from "../src/energies/types.js";
import { particles } from "../src/measures/construct.js";
import type { Particles } from "../src/measures/types.js";
import { key } from "../src/random/key.js";
import { normal } from "../src/random/sample.js";
import { machine, time, updateBenchmarksDoc, writeResults } from "./common.js";

/** ½ Σ_{i≠j} W(x_i − x_j)/N², the O(N²) loop the moment sums replace. */
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

const rows: Record<string, number | string>[] = [];
for (const n of [2000, 20000]) {
  const config = resolveRunConfig("aggregation-ring", [
    `scheme.n=${n}`,
    "until=2",
    "save_every=0.05",
  ]);
  const { result } = await runExperiment(config);
  const cloud = particles(normal(key(n), 2 * n), 2);
  const moments = time(() => interactionOnParticles(ringKernel, cloud), 5);
  const loop = time(() => pairLoop(ringKernel, cloud), n > 5000 ? 1 : 3, 0);
  const row = {
    preset: "aggregation-ring",
    n,
    status: result.status,
    steps: result.steps,
    saves: result.snapshots.length,
    steps_ms: result.timings.steps_ms,
    diagnostics_ms: result.timings.diagnostics_ms,
    diagnostics_over_flow: result.timings.diagnostics_ms / result.timings.steps_ms,
    energy_moments_ms: moments.ms,
    energy_pair_loop_ms: loop.ms,
    pair_loop_over_moments: loop.ms / moments.ms,
  };
  console.log(row);
  rows.push(row);
}
const info = machine();
writeResults("diagnostics", { machine: info, rows });
const f = (v: unknown) => (typeof v === "number" ? v.toPrecision(3) : String(v));
updateBenchmarksDoc(
  "diagnostics",
  `## What the diagnostics cost beside the flow\n\n${info.date.slice(0, 10)}, ${info.cpu}, Node ${info.node}; \`aggregation-ring\` to t = 2 with a snapshot every 0.05 (41 saves: F and four metrics each), one run each. The last two columns time one evaluation of the interaction energy on the same N-point cloud: the exact moment sums (O(N)) and the pair loop they replace (O(N²), the baseline, measured in the same run). \`npx tsx bench/diagnostics.ts\` regenerates this table.\n\n` +
    `| N | steps | flow ms | diagnostics ms | diagnostics / flow | F by moments, ms | F by the pair loop, ms | loop / moments |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n` +
    rows
      .map(
        (r) =>
          `| ${r.n} | ${r.steps} | ${f(r.steps_ms)} | ${f(r.diagnostics_ms)} | ${f(r.diagnostics_over_flow)} | ${f(r.energy_moments_ms)} | ${f(r.energy_pair_loop_ms)} | ${f(r.pair_loop_over_moments)} |`,
      )
      .join("\n"),
);
