/**
 * Resolution study of the aggregation-diffusion preset: event times, the steady peak and
 * the L1 distance to the radial steady state at several grids, with wall times.
 * Run: npx tsx bench/aggregation.ts [n …]   (default 48 64 96)
 */
import { runExperiment } from "../src/config/run.js";
import { resolveRunConfig } from "../src/config/runConfig.js";
import { machine, updateBenchmarksDoc, writeResults } from "./common.js";

const sizes = process.argv.slice(2).map(Number);
const rows: Record<string, unknown>[] = [];
for (const n of sizes.length ? sizes : [48, 64, 96]) {
  const config = resolveRunConfig("aggregation-diffusion", [`n=${n}`]);
  const t0 = performance.now();
  const { result: run, summary } = await runExperiment(config);
  const seconds = (performance.now() - t0) / 1000;
  const events: Record<string, number | null> = summary.events ?? {};
  const last = (name: string) => run.history.metrics[name][run.history.t.length - 1];
  const row: Record<string, unknown> = {
    n,
    status: run.status,
    seconds,
    ...events,
    peak: last("max-density"),
    l1_radial: last("l1:radial-steady"),
  };
  console.log(row);
  rows.push(row);
}
// Richardson extrapolation with the previous (coarser) row, assuming second order (the
// merge times fit order 2.0 over 48²–96²): t∞ ≈ t_n + (t_n − t_m)/((n/m)² − 1).
const richardson = (key: string) => (r: Record<string, unknown>, i: number) => {
  const prev = rows[i - 1];
  if (!prev || typeof r[key] !== "number" || typeof prev[key] !== "number") return null;
  const ratio = ((r.n as number) / (prev.n as number)) ** 2;
  return (r[key] as number) + ((r[key] as number) - (prev[key] as number)) / (ratio - 1);
};
rows.forEach((r, i) => {
  r.merged_extrapolated = richardson("merged")(r, i);
});
const info = machine();
writeResults("aggregation", { machine: info, rows });
const f = (v: unknown) => (typeof v === "number" ? v.toPrecision(4) : String(v));
updateBenchmarksDoc(
  "aggregation",
  `## Aggregation–diffusion (seed 001 §4.4) on the grid\n\n${info.date.slice(0, 10)}, ${info.cpu}, Node ${info.node}; finite volumes to t = 200, one run each. ` +
    `Oracle for the steady pulse: the radial fixed point (peak ρ(0) = 0.8069). Events: four pulses = first snapshot (every 2 time units) with four half-maximum components; merged = the centre density first reaches half the maximum; steady = L1 to the radial steady state first below 0.05 (both interpolated). "Extrapolated" is Richardson with the row above at order 2. \`npx tsx bench/aggregation.ts\` regenerates this table.\n\n` +
    `| cells | wall s | four pulses at | merged at | merged, extrapolated | steady at | steady peak (cell) | L1 to radial steady |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n` +
    rows
      .map(
        (r) =>
          `| ${r.n}² | ${f(r.seconds)} | ${f(r.four_pulses)} | ${f(r.merged)} | ${f(r.merged_extrapolated)} | ${f(r.steady)} | ${f(r.peak)} | ${f(r.l1_radial)} |`,
      )
      .join("\n"),
);
