/**
 * The neural JKO's midpoint rule (geodesic extrapolation) on seed 001's OU experiment beside the
 * first-order step, both at the OU preset's neural defaults (J1 = 100, cosine tail, Adam's
 * memory carried over), a = 0.05 to t = 0.9, a pool of 10⁵: for each d the first-order run and
 * the midpoint run one after the other in this process, so their times per step compare.
 * Goals: SymKL to the law ≥ 0.5 decades below the first-order JKO floor (the exact JKO
 * iterate's own distance) and ≤ 1.5× the pool's sampling floor; time per step ≤ 1.2× the
 * first-order step's (CPU time per step of this one-threaded process).
 *   npx tsx bench/neuralOuMidpoint.ts [pool=N] [d …]   (default 2 6 12 16 32)
 */
import { runExperiment } from "../src/config/run.js";
import { resolveRunConfig } from "../src/config/runConfig.js";
import { identity } from "../src/core/matrix.js";
import { experimentKeys } from "../src/config/resolve.js";
import { ouIterates, ouLaw } from "../src/diagnostics/ou.js";
import { gaussian } from "../src/measures/construct.js";
import { symKlGaussian } from "../src/ot/gaussian.js";
import { ouTarget } from "../src/presets/ou.js";
import { machine, updateBenchmarksDoc, writeResults } from "./common.js";

const args = process.argv.slice(2);
const pool = args.find((a) => a.startsWith("pool="));
const n = pool ? Number(pool.slice(5)) : 100_000;
const dims = args.filter((a) => !a.includes("=")).map(Number);
const [a, until] = [0.05, 0.9];

/** One run of the preset's neural defaults with the given time scheme, to t = 0.9. */
async function run(d: number, time: "jko" | "midpoint") {
  const config = resolveRunConfig(
    "ou",
    [`dim=${d}`, `scheme.n=${n}`, `until=${until}`, `save_every=${until}`, `scheme.time=${time}`],
    0,
    "neural-jko",
  );
  // CPU time of this single-threaded process, not wall time: the machine is shared, and a
  // load that changes between the two runs of a row would otherwise decide their ratio
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const { result } = await runExperiment(config);
  const used = process.cpuUsage(cpu);
  const ms = (used.user + used.system) / 1000 / result.steps;
  const wallMs = (performance.now() - t0) / result.steps;
  const last = (name: string) => Math.log10(result.history.metrics[name].at(-1) as number);
  return {
    status: result.status,
    retried: result.retries,
    msPerStep: ms,
    wallMsPerStep: wallMs,
    toLaw: last("symkl:gaussian"),
    toIterate: last("symkl:jko-exact"),
    iterateToLaw: last("symkl:jko-vs-law"),
  };
}

const rows = [];
for (const d of dims.length ? dims : [2, 6, 12, 16, 32]) {
  const first = await run(d, "jko");
  const mid = await run(d, "midpoint");
  const { A, b } = ouTarget(d, experimentKeys(0).problem);
  const start = gaussian({ mean: new Float64Array(d), cov: identity(d) });
  const jkoFloor = Math.log10(
    symKlGaussian(ouIterates(A, b, a, start)(Math.round(until / a)), ouLaw(A, b, start, until)),
  );
  const sampling = Math.log10((d + (d * (d + 1)) / 2) / n);
  const row = {
    d,
    cpu_cores: machine().cores,
    first_order: first,
    midpoint: mid,
    log10_jko_floor: jkoFloor,
    log10_sampling_floor: sampling,
    accuracy_met: mid.toLaw <= jkoFloor - 0.5 && mid.toLaw <= sampling + Math.log10(1.5),
    time_ratio: mid.msPerStep / first.msPerStep,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
const info = machine();
writeResults("neural-ou-midpoint", { machine: info, n, a, until, rows });
const f = (v: number) => v.toFixed(2);
updateBenchmarksDoc(
  "neural-ou-midpoint",
  `## Neural JKO on the OU experiment, midpoint rule (geodesic extrapolation) beside the first-order step\n\n${info.date.slice(0, 10)}, ${info.cpu}, ${info.cores} cores, Node ${info.node}; a = 0.05 to t = 0.9, linear residual T, the OU preset's neural defaults for both (J1 = 100 with the cosine tail and Adam's memory carried between steps; M = 1000, dual width 64 depth 3, float32), a pool of ${n}; \`scheme.time=midpoint\` trains a JKO step of a/2 and pushes the pool by 2T − Id. log10 SymKL of the pool's moments at t = 0.9. Goals: the midpoint run ≥ 0.5 decades below the first-order JKO floor (the exact JKO iterate's own distance to the law) and ≤ 1.5× the sampling floor (d + d(d+1)/2)/n, i.e. ≤ floor + 0.18 in log10; time per step ≤ 1.2× the first-order step's: the CPU time of the process per step (one thread; wall time moves with whatever else shares the machine), the two runs one after the other in one process. The learned steps correct the pool's own sampling error as the flow contracts, so both runs can end below the sampling floor. \`npx tsx bench/neuralOuMidpoint.ts\` regenerates this table.\n\n` +
    "| d | first order: to the law | midpoint: to the law | first-order JKO floor | exact midpoint iterate to the law | midpoint to its exact iterate | sampling floor | accuracy goals met | retried (first / midpoint) | ms per step: first order | midpoint | time ratio |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n" +
    rows
      .map(
        (r) =>
          `| ${r.d} | ${f(r.first_order.toLaw)} | ${f(r.midpoint.toLaw)} | ${f(r.log10_jko_floor)} | ${f(r.midpoint.iterateToLaw)} | ${f(r.midpoint.toIterate)} | ${f(r.log10_sampling_floor)} | ${r.accuracy_met ? "yes" : "no"} | ${r.first_order.retried} / ${r.midpoint.retried} | ${r.first_order.msPerStep.toFixed(0)} | ${r.midpoint.msPerStep.toFixed(0)} | ${r.time_ratio.toFixed(2)} |`,
      )
      .join("\n"),
);
