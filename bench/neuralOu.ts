/**
 * Accuracy of the neural JKO on seed 001's OU experiment: step a = 0.05 to t = 0.9, the
 * paper's settings (linear residual T, J1 = 500, lr 0.005, M = 1000; dual h width 64 depth 3),
 * float32 kernels, a pool of 10⁵ particles so that the moment-matched SymKL's sampling floor
 * (d + d(d+1)/2)/n stays below the figures. Reports log10 SymKL to the exact law beside the
 * seed's figures. Run: npx tsx bench/neuralOu.ts [map=icnn] [d …]   (default 2 6 12 16 32);
 * map=icnn runs the symmetric affine ∇ICNN map (αI + BᵀB)x + c instead of the residual
 * x + Wx + c, into its own table; pool=N changes the pool (default 10⁵). The midpoint rule has
 * its own benchmark, bench/neuralOuMidpoint.ts.
 */
import { runExperiment } from "../src/config/run.js";
import { resolveRunConfig } from "../src/config/runConfig.js";
import { machine, updateBenchmarksDoc, writeResults } from "./common.js";

const seedFigures: Record<number, number> = { 2: -3.34, 6: -2.99, 12: -2.54, 16: -2.36, 32: -2.06 };
const args = process.argv.slice(2);
const map = args.includes("map=icnn") ? "icnn" : "residual";
const pool = args.find((a) => a.startsWith("pool="));
const dims = args.filter((a) => !a.includes("=")).map(Number);
const name = map === "icnn" ? "neural-ou-icnn" : "neural-ou";
const mapLabel = map === "icnn" ? "∇ICNN affine map (αI + BᵀB)x + c" : "linear residual T";
const n = pool ? Number(pool.slice(5)) : 100_000;
const rows: Record<string, number>[] = [];
for (const d of dims.length ? dims : [2, 6, 12, 16, 32]) {
  const config = resolveRunConfig(
    "ou",
    [
      `dim=${d}`,
      `scheme.n=${n}`,
      "until=0.9",
      "save_every=0.9",
      `scheme.map=${map}`,
      // the seed's Algorithm 1: J1 = 500 at a constant rate, a fresh Adam per step
      ...["scheme.outer=500", "scheme.schedule=constant", "scheme.adam=fresh"],
    ],
    0,
    "neural-jko",
  );
  const t0 = performance.now();
  const { result: run } = await runExperiment(config);
  const seconds = (performance.now() - t0) / 1000;
  const symkl = run.history.metrics["symkl:gaussian"];
  const last = (name: string) => run.history.metrics[name][run.history.t.length - 1];
  const row = {
    d,
    cpu_cores: machine().cores,
    log10_symkl: Math.log10(symkl[symkl.length - 1]),
    log10_symkl_jko: Math.log10(last("symkl:jko-exact")),
    log10_jko_floor: Math.log10(last("symkl:jko-vs-law")),
    seed: seedFigures[d] ?? NaN,
    floor: Math.log10((d + (d * (d + 1)) / 2) / n),
    seconds,
    retried: run.retries,
    ms_per_step: (1000 * seconds) / run.steps,
  };
  rows.push(row);
  console.log(row, run.status);
}
const info = machine();
const f = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : "–");
writeResults(name, { machine: info, map, n, rows });
updateBenchmarksDoc(
  name,
  `## Neural JKO on the OU experiment (seed 001 §4.2), ${mapLabel}\n\n${info.date.slice(0, 10)}, ${info.cpu}, Node ${info.node}; a = 0.05 to t = 0.9, ${mapLabel}, J1 = 500, lr 0.005, M = 1000, dual h width 64 depth 3, float32, pool of ${n}. SymKL of the pool's moments against the exact OU law and against the exact JKO iterate of step a (ouJkoStep, what a perfectly trained step would give); the exact JKO iterate's own SymKL to the law is the time-discretisation floor; the sampling floor is the mean SymKL of exact samples, (d + d(d+1)/2)/n. \`npx tsx bench/neuralOu.ts${map === "icnn" ? " map=icnn" : ""}\` regenerates this table.\n\n` +
    "| d | log10 SymKL to the law (ottoflow) | seed 001 | to the exact JKO iterate | JKO iterate to the law | sampling floor | steps retried | wall s |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n" +
    rows
      .map(
        (r) =>
          `| ${r.d} | ${f(r.log10_symkl)} | ${f(r.seed)} | ${f(r.log10_symkl_jko)} | ${f(r.log10_jko_floor)} | ${f(r.floor)} | ${r.retried} | ${r.seconds.toFixed(0)} |`,
      )
      .join("\n"),
);
