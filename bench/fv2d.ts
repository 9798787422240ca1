/**
 * Convergence of the 2D finite volumes against the exact OU law (L1 at t = 0.5) over the
 * grid, for plain upwind (order 1) and minmod reconstruction (order 2), with fitted
 * orders and wall times. Run: npx tsx bench/fv2d.ts
 */
import { fromRows, identity } from "../src/core/matrix.js";
import { ouLaw } from "../src/diagnostics/ou.js";
import { kl, quadratic } from "../src/energies/index.js";
import { flow } from "../src/flow/flow.js";
import { gaussian } from "../src/measures/construct.js";
import { gaussianPdf, gridL1 } from "../src/measures/density.js";
import type { Grid } from "../src/measures/types.js";
import { key } from "../src/random/key.js";
import { finiteVolume2d } from "../src/schemes/finiteVolume2d.js";
import { machine, updateBenchmarksDoc, writeResults } from "./common.js";

const A = fromRows([
  [1, 0.3],
  [0.3, 2],
]);
const b = Float64Array.of(0.5, 0);
const law = ouLaw(A, b, { mean: new Float64Array(2), cov: identity(2) }, 0.5);
const pdf = gaussianPdf(law);

const rows: { order: number; n: number; l1: number; ms: number }[] = [];
for (const order of [1, 2] as const)
  for (const n of [32, 64, 128, 256]) {
    const t0 = performance.now();
    const run = await flow({
      energy: kl(quadratic({ A, b })),
      initial: gaussian({
        mean: [0, 0],
        cov: [
          [1, 0],
          [0, 1],
        ],
      }),
      dt: 0.1,
      scheme: finiteVolume2d({ order, box: { lower: [-6, -6], upper: [6, 6], shape: [n, n] } }),
      until: 0.5,
      key: key(0),
    });
    const ms = performance.now() - t0;
    const l1 = gridL1(run.final.measure as Grid, pdf);
    rows.push({ order, n, l1, ms });
    console.log(rows[rows.length - 1]);
  }

const fitted = (order: number) => {
  const r = rows.filter((x) => x.order === order);
  const lx = r.map((x) => Math.log(12 / x.n));
  const ly = r.map((x) => Math.log(x.l1));
  const mx = lx.reduce((s, v) => s + v, 0) / lx.length;
  const my = ly.reduce((s, v) => s + v, 0) / ly.length;
  return (
    lx.reduce((s, v, i) => s + (v - mx) * (ly[i] - my), 0) /
    lx.reduce((s, v) => s + (v - mx) ** 2, 0)
  );
};
const info = machine();
const orders = { order1: fitted(1), order2: fitted(2) };
writeResults("fv2d", { machine: info, rows, fitted_orders: orders });
const f = (v: number) => v.toPrecision(3);
updateBenchmarksDoc(
  "fv2d",
  `## 2D finite volumes: convergence against the exact OU law\n\n${info.date.slice(0, 10)}, ${info.cpu}, Node ${info.node}. ` +
    `KL to N(b, A⁻¹), A = [[1, 0.3], [0.3, 2]], b = (0.5, 0), from N(0, I) on [−6, 6]², L1 error at t = 0.5; the time step is set by the CFL bounds. ` +
    `\`npx tsx bench/fv2d.ts\` regenerates this section.\n\n| cells | L1, upwind | L1, minmod | ms, upwind | ms, minmod |\n| --- | --- | --- | --- | --- |\n` +
    [32, 64, 128, 256]
      .map((n) => {
        const r1 = rows.find((x) => x.order === 1 && x.n === n)!;
        const r2 = rows.find((x) => x.order === 2 && x.n === n)!;
        return `| ${n}² | ${f(r1.l1)} | ${f(r2.l1)} | ${f(r1.ms)} | ${f(r2.ms)} |`;
      })
      .join("\n") +
    `\n\nfitted order in h: upwind **${f(orders.order1)}**, minmod **${f(orders.order2)}**`,
);
