/**
 * Optimal transport, side by side with POT in one run, one thread each, same inputs:
 *   exact W2² (ot.emd2 vs network simplex) at 1000² and 5000²;
 *   entropic OT at 5000², ε = 0.01 (ot.sinkhorn2, log domain, vs ottoflow), compared at
 *   equal accuracy: POT runs a fixed number of iterations, ottoflow stops at POT's
 *   final marginal error (the same L2 criterion), and both values are reported.
 * Run: npx tsx bench/ot.ts [--quick]
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeNpy } from "../src/io/npy.js";
import { cloud } from "../src/ot/cloud.js";
import { w2SquaredExact } from "../src/ot/exact.js";
import { sinkhorn, sinkhornDivergence } from "../src/ot/sinkhorn.js";
import { key, split } from "../src/random/key.js";
import { normal } from "../src/random/sample.js";
import { machine, peer, time, updateBenchmarksDoc, writeResults } from "./common.js";

const quick = process.argv.includes("--quick");
const dir = mkdtempSync(join(tmpdir(), "ottoflow-bench-"));

function inputs(n: number, d: number, seed: number) {
  const [kx, ky] = split(key(seed), 2);
  const xs = normal(kx, n * d);
  const ys = normal(ky, n * d).map((v) => v + 1); // the peers' convention: y ~ N(1, I)
  const xp = join(dir, `x${n}.npy`);
  const yp = join(dir, `y${n}.npy`);
  writeFileSync(xp, encodeNpy(xs, [n, d]));
  writeFileSync(yp, encodeNpy(ys, [n, d]));
  return { x: cloud(xs, d), y: cloud(ys, d), xp, yp };
}

const rows: Record<string, unknown>[] = [];

for (const n of quick ? [1000] : [1000, 5000]) {
  const reps = n <= 1000 ? 5 : 3;
  const { x, y, xp, yp } = inputs(n, 2, n);
  const pot = peer("w2.py", ["--x", xp, "--y", yp, "--reps", String(reps), "--threads", "1"]);
  const ours = time(() => w2SquaredExact(x, y), reps, n <= 1000 ? 1 : 0);
  rows.push({
    workload: "exact W2²",
    n,
    d: 2,
    ottoflow_ms: ours.ms,
    pot_ms: pot.ms_exact,
    ratio: ours.ms / pot.ms_exact,
    ottoflow_value: ours.result,
    pot_value: pot.w2sq_exact,
    rel_diff: Math.abs(ours.result - pot.w2sq_exact) / pot.w2sq_exact,
  });
  console.log(rows[rows.length - 1]);
}

{
  const n = quick ? 1000 : 5000;
  const eps = 0.01;
  const potIters = quick ? 200 : 100;
  const { x, y, xp, yp } = inputs(n, 2, n);
  const pot = peer("w2.py", [
    "--x",
    xp,
    "--y",
    yp,
    "--eps",
    String(eps),
    "--sinkhorn-iters",
    String(potIters),
    "--tol",
    "1e-12",
  ]);
  const tol = pot.sinkhorn_marginal_err;
  const ours = time(() => sinkhorn(x, y, eps, { tol }), 1, 0);
  const div = time(() => sinkhornDivergence(x, y, eps, { tol }), 1, 0);
  rows.push({
    workload: `entropic OT, ε = ${eps}`,
    n,
    d: 2,
    ottoflow_ms: ours.ms,
    pot_ms: pot.ms_sinkhorn,
    ratio: ours.ms / pot.ms_sinkhorn,
    ottoflow_value: ours.result.transportCost,
    pot_value: pot.w2sq_sinkhorn,
    ottoflow_marginal_err: ours.result.marginalError,
    pot_marginal_err: tol,
    ottoflow_iters: ours.result.iterations,
    pot_iters: pot.sinkhorn_iters,
  });
  console.log(rows[rows.length - 1]);
  rows.push({
    workload: `Sinkhorn divergence S_ε (3 solves), ε = ${eps}`,
    n,
    d: 2,
    ottoflow_ms: div.ms,
    pot_ms: pot.ms_sinkhorn,
    ratio: div.ms / pot.ms_sinkhorn,
    ottoflow_value: div.result.value,
    ottoflow_marginal_err: div.result.marginalError,
    pot_marginal_err: tol,
  });
  console.log(rows[rows.length - 1]);
}

const fmt = (v: unknown) =>
  typeof v === "number" ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(4)) : String(v ?? "—");
const table = [
  "| workload | n = m | ottoflow ms | POT ms | ratio | ottoflow value | POT value | marginal error (ottoflow / POT) |",
  "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ...rows.map(
    (r) =>
      `| ${r.workload} | ${r.n} | ${fmt(r.ottoflow_ms)} | ${fmt(r.pot_ms)} | **${fmt(r.ratio)}** | ${fmt(r.ottoflow_value)} | ${fmt(r.pot_value)} | ${r.ottoflow_marginal_err === undefined ? "exact" : `${fmt(r.ottoflow_marginal_err)} / ${fmt(r.pot_marginal_err)}`} |`,
  ),
].join("\n");
const info = machine();
if (!quick) {
  writeResults("ot", { machine: info, rows });
  updateBenchmarksDoc(
    "ot",
    `## Optimal transport vs POT\n\n${info.date.slice(0, 10)}, ${info.cpu}, Node ${info.node}, one thread each, d = 2, x ~ N(0, I), y ~ N(1, I). ` +
      `Medians (exact: 5 runs at 1000, 3 at 5000; entropic: one run each). Ratio = ottoflow / POT; below 1 is faster. ` +
      `Entropic rows compare at equal accuracy: POT runs ${100} iterations, ottoflow stops at POT's final L2 marginal error. ` +
      `\`npx tsx bench/ot.ts\` regenerates this table and bench/results/ot.json.\n\n${table}`,
  );
}
console.log(table);
