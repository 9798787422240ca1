/**
 * The neural midpoint rule's measured order in a on seed 001's OU problem (d = 2 and 6): W2 of
 * the pool's moments to the exact law at t = 0.9 for a = 0.45, 0.3, 0.225, beside the exact
 * midpoint and JKO iterates' own errors, with each step trained well below its time error
 * (J1 = 1000, M = 4000, rate 0.002, cosine tail; moment-matched start of 2·10⁴ particles, so
 * the pool adds no sampling error to the moments that the affine maps push) and at the OU
 * preset's neural defaults (J1 = 100, M = 1000), where the training error is the size of the
 * time error. Order: log(e₁/e₂)/log(a₁/a₂) between neighbouring steps, and from 0.45 to 0.225.
 *   npx tsx bench/neuralMidpointOrder.ts
 */
import { runExperiment } from "../src/config/run.js";
import { resolveRunConfig } from "../src/config/runConfig.js";
import { experimentKeys } from "../src/config/resolve.js";
import { identity } from "../src/core/matrix.js";
import { ouIterates, ouLaw } from "../src/diagnostics/ou.js";
import { gaussian } from "../src/measures/construct.js";
import { w2SquaredGaussian } from "../src/ot/gaussian.js";
import { ouTarget } from "../src/presets/ou.js";
import { machine, updateBenchmarksDoc, writeResults } from "./common.js";

const [until, steps] = [0.9, [0.45, 0.3, 0.225]];
const base = ["scheme.time=midpoint", "scheme.start=moments", "scheme.n=20000"];
const SETTINGS: Record<string, string[]> = {
  "trained (J1 = 1000, M = 4000)": [
    ...base,
    "scheme.outer=1000",
    "scheme.batch=4000",
    "scheme.lr=0.002",
    "scheme.width=16",
  ],
  "preset defaults (J1 = 100, M = 1000)": base,
};

const order = (e: number[], i: number, j: number) =>
  Math.log(e[i] / e[j]) / Math.log(steps[i] / steps[j]);
/** The least-squares slope of log e against log a over all the steps. */
function fittedOrder(e: number[]): number {
  const [x, y] = [steps.map(Math.log), e.map(Math.log)];
  const mean = (v: number[]) => v.reduce((s, u) => s + u, 0) / v.length;
  const [mx, my] = [mean(x), mean(y)];
  const sxy = x.reduce((s, u, i) => s + (u - mx) * (y[i] - my), 0);
  return sxy / x.reduce((s, u) => s + (u - mx) ** 2, 0);
}
const rows = [];
for (const d of [2, 6]) {
  const { A, b } = ouTarget(d, experimentKeys(0).problem);
  const start = gaussian({ mean: new Float64Array(d), cov: identity(d) });
  const law = ouLaw(A, b, start, until);
  const exact = (time: "jko" | "midpoint") =>
    steps.map((a) =>
      Math.sqrt(w2SquaredGaussian(ouIterates(A, b, a, start, time)(Math.round(until / a)), law)),
    );
  const [jko, midpoint] = [exact("jko"), exact("midpoint")];
  for (const [label, sets] of Object.entries(SETTINGS)) {
    const neural: number[] = [];
    const seconds: number[] = [];
    for (const a of steps) {
      const config = resolveRunConfig(
        "ou",
        [`dim=${d}`, `dt=${a}`, `until=${until}`, `save_every=${until}`, ...sets],
        0,
        "neural-jko",
      );
      const t0 = performance.now();
      const { result } = await runExperiment(config);
      seconds.push((performance.now() - t0) / 1000);
      neural.push(result.history.metrics["w2:gaussian"].at(-1) as number);
    }
    const row = { d, settings: label, steps, neural, midpoint, jko, seconds };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}
const info = machine();
writeResults("neural-midpoint-order", { machine: info, until, rows });
const e = (v: number) => v.toExponential(2);
updateBenchmarksDoc(
  "neural-midpoint-order",
  `## The neural midpoint rule's order in a (OU, d = 2 and 6)\n\n${info.date.slice(0, 10)}, ${info.cpu}, ${info.cores} cores, Node ${info.node}; W2 of the pool's moments to the exact law at t = 0.9, the seed's problem (A, b of seed 0), linear residual T, float32, a moment-matched start of 20000 particles (its first two moments exact: the pool adds no sampling error to what affine maps push). _Trained_: J1 = 1000, M = 4000, rate 0.002 with the cosine tail, dual width 16 (test/neural/midpointOrder.verify.ts runs it at 0.45 and 0.225); _preset defaults_: the OU preset's J1 = 100, M = 1000. Beside them the exact midpoint and JKO iterates' own errors. Order between neighbouring steps, from 0.45 to 0.225 (a factor 2), and the least-squares slope of log W2 against log a over the three steps. \`npx tsx bench/neuralMidpointOrder.ts\` regenerates this table.\n\n` +
    "| d | settings | W2 at a = 0.45 / 0.3 / 0.225 | exact midpoint iterate | exact JKO iterate | order 0.45→0.3 | 0.3→0.225 | 0.45→0.225 | fitted | exact midpoint: 0.45→0.225 / fitted | wall s |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n" +
    rows
      .map(
        (r) =>
          `| ${r.d} | ${r.settings} | ${r.neural.map(e).join(" / ")} | ${r.midpoint.map(e).join(" / ")} | ${r.jko.map(e).join(" / ")} | ${order(r.neural, 0, 1).toFixed(2)} | ${order(r.neural, 1, 2).toFixed(2)} | ${order(r.neural, 0, 2).toFixed(2)} | ${fittedOrder(r.neural).toFixed(2)} | ${order(r.midpoint, 0, 2).toFixed(2)} / ${fittedOrder(r.midpoint).toFixed(2)} | ${r.seconds.reduce((s, v) => s + v, 0).toFixed(0)} |`,
      )
      .join("\n"),
);
