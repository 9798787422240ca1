/**
 * The exact 1D JKO: time of one step against n (goal: linear), and the measured
 * convergence orders in n (against the exact Gaussian JKO iterate) and in τ
 * (against the exact OU flow). Run: npx tsx bench/jko1d.ts
 */
import { logLogSlope } from "../src/core/reduce.js";
import { normalQuantile } from "../src/core/special.js";
import { kl, quadratic } from "../src/energies/index.js";
import { gaussian } from "../src/measures/construct.js";
import { jkoQuantileStep } from "../src/schemes/jkoQuantile1d.js";
import { quantileBoundaries } from "../src/schemes/quantileBoundaries.js";
import { machine, time, updateBenchmarksDoc, writeResults } from "./common.js";

const a = 2;
const b = 1;
const F = kl(quadratic({ A: [[a]], b: [b] }));
const start = gaussian({ mean: [0], cov: [[1]] });

function w2ToGaussian(x: Float64Array, mu: number, sd: number): number {
  const n = x.length - 1;
  let total = 0;
  for (let i = 0; i < n; i++)
    for (let k = 0; k < 8; k++) {
      const f = (k + 0.5) / 8;
      total +=
        (x[i] + f * (x[i + 1] - x[i]) - mu - sd * normalQuantile((i + f) / n)) ** 2 / (8 * n);
    }
  return Math.sqrt(total);
}

// Speed: one step of τ = 0.1 from N(0, 1).
const speed = [1e3, 1e4, 1e5, 1e6].map((n) => {
  const x0 = quantileBoundaries(start, n);
  const r = time(() => jkoQuantileStep(x0, 0.1, F), n >= 1e6 ? 3 : 5, 1);
  return { n, ms: r.ms, newton: r.result.newton };
});
const speedSlope = logLogSlope(
  speed.map((r) => r.n),
  speed.map((r) => r.ms),
);
console.log(speed, "slope", speedSlope);

// Convergence in n: 10 steps of τ = 0.1, error to the exact Gaussian JKO iterate.
const gaussJko = (mu: number, sd: number, tau: number): [number, number] => {
  const k = 1 / tau + a;
  return [
    (mu + tau * a * b) / (1 + tau * a),
    (sd / tau + Math.sqrt((sd * sd) / (tau * tau) + 4 * k)) / (2 * k),
  ];
};
const inN = [250, 1000, 4000, 16000].map((n) => {
  let x = quantileBoundaries(start, n);
  let [mu, sd] = [0, 1];
  for (let k = 0; k < 10; k++) {
    x = jkoQuantileStep(x, 0.1, F).x;
    [mu, sd] = gaussJko(mu, sd, 0.1);
  }
  return { n, w2: w2ToGaussian(x, mu, sd) };
});
const orderN = -logLogSlope(
  inN.map((r) => r.n),
  inN.map((r) => r.w2),
);

// Convergence in τ: to t = 1 with n = 16000, error to the exact OU law N(b + e^{−at}(0 − b), (1 − e^{−2at})/a + e^{−2at}).
const tExact = 1;
const muT = b - b * Math.exp(-a * tExact);
const sdT = Math.sqrt((1 - Math.exp(-2 * a * tExact)) / a + Math.exp(-2 * a * tExact));
const inTau = [0.2, 0.1, 0.05, 0.025].map((tau) => {
  let x = quantileBoundaries(start, 16000);
  for (let k = 0; k < Math.round(tExact / tau); k++) x = jkoQuantileStep(x, tau, F).x;
  return { tau, w2: w2ToGaussian(x, muT, sdT) };
});
const orderTau = logLogSlope(
  inTau.map((r) => r.tau),
  inTau.map((r) => r.w2),
);
console.log(inN, orderN, inTau, orderTau);

const info = machine();
writeResults("jko1d", {
  machine: info,
  speed,
  speed_slope: speedSlope,
  convergence_n: inN,
  order_n: orderN,
  convergence_tau: inTau,
  order_tau: orderTau,
});
const f = (v: number) => v.toPrecision(3);
updateBenchmarksDoc(
  "jko1d",
  `## Exact 1D JKO (quantile coordinates)\n\n${info.date.slice(0, 10)}, ${info.cpu}, Node ${info.node}. One step τ = 0.1 of KL to N(1, ½) from N(0, 1) (damped Newton, tridiagonal Hessian); medians. ` +
    `Fitted exponent of time in n: **${f(speedSlope)}** (goal: linear). \`npx tsx bench/jko1d.ts\` regenerates this section and bench/results/jko1d.json.\n\n` +
    `| n | ms per step | Newton iterations |\n| --- | --- | --- |\n${speed.map((r) => `| ${r.n} | ${f(r.ms)} | ${r.newton} |`).join("\n")}\n\n` +
    `Convergence (oracles: the exact Gaussian JKO iterate for n; the exact OU law at t = 1 for τ, n = 16000):\n\n` +
    `| n | W2 error |\n| --- | --- |\n${inN.map((r) => `| ${r.n} | ${f(r.w2)} |`).join("\n")}\n\nfitted order in n: **${f(orderN)}**\n\n` +
    `| τ | W2 error |\n| --- | --- |\n${inTau.map((r) => `| ${r.tau} | ${f(r.w2)} |`).join("\n")}\n\nfitted order in τ: **${f(orderTau)}**`,
);
