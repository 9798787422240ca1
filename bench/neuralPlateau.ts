/**
 * The neural step's plateau test (`scheme.stop=plateau`, src/neural/schedule.ts) against the
 * fixed length it shortens (`stop=cap`): iterations per step, CPU time per step and each case's
 * oracle, the two runs of a case one after the other in one process.
 *  - barenblatt-neural at seed 001's τ = 0.001 from t0 = 0.004 (10 steps, 10⁴ quantiles,
 *    J1 = 1000): the largest ratio over the steps of W2 to the exact JKO iterate against a fifth
 *    of that iterate's own distance to the exact solution (< 1: each step solved below its
 *    time error).
 *  - aggregation-ring-neural with the cosine schedule (40 steps, J1 = 200): the mean radius's
 *    and the energy's distance to the steady ring's 1/√3 and −1/12.
 *  - ou at d = 2 and 32, pool 10⁵, to t = 0.9, J1 = 100 (the preset's) and 200: SymKL to the
 *    exact JKO iterate and to the law at the end.
 *   npx tsx bench/neuralPlateau.ts
 */
import { runExperiment } from "../src/config/run.js";
import { resolveRunConfig } from "../src/config/runConfig.js";
import { barenblatt, barenblattJkoScale, barenblattScale } from "../src/diagnostics/barenblatt.js";
import type { NeuralJkoState } from "../src/schemes/neuralJko.js";
import { machine, updateBenchmarksDoc, writeResults } from "./common.js";

interface Case {
  name: string;
  preset: string;
  scheme?: string;
  settings: string[];
  /** The oracle's numbers, as text, from the run's history. */
  oracle(metrics: Record<string, number[]>, energy: number[]): string;
}

const last = (xs: number[]) => xs[xs.length - 1];
const e = (v: number) => v.toExponential(2);

/** max over the 10 steps of W2(neural, exact iterate) / (⅕ W2(exact iterate, exact solution)) */
function barenblattRatio(metrics: Record<string, number[]>): string {
  const b = barenblatt(2);
  const root = Math.sqrt(b.secondMoment);
  let s = barenblattScale(2, 0, 0.004);
  let worst = 0;
  for (let k = 1; k <= 10; k++) {
    s = barenblattJkoScale(b, s, 0.001);
    const own = Math.abs(s - barenblattScale(2, k * 0.001, 0.004)) * root;
    worst = Math.max(worst, metrics["w2:jko-exact"][k] / (own / 5));
  }
  return `worst step at ${worst.toFixed(2)} of a fifth of its time error`;
}

const cases: Case[] = [
  {
    name: "barenblatt-neural, seed 001's τ (J1 = 1000)",
    preset: "barenblatt-neural",
    settings: ["t0=0.004", "dt=0.001", "until=0.01", "save_every=0.001", "scheme.n=10000"],
    oracle: barenblattRatio,
  },
  {
    name: "aggregation-ring-neural, cosine (J1 = 200)",
    preset: "aggregation-ring-neural",
    settings: ["scheme.schedule=cosine"],
    oracle: (m, energy) =>
      `radius − 1/√3 ${e(last(m["radius:mean"]) - 1 / Math.sqrt(3))}, energy + 1/12 ${e(last(energy) + 1 / 12)}`,
  },
  ...[2, 32].flatMap((d) =>
    [100, 200].map((outer): Case => ({
      name: `ou d = ${d} (J1 = ${outer})`,
      preset: "ou",
      scheme: "neural-jko",
      settings: [
        `dim=${d}`,
        "scheme.n=100000",
        "until=0.9",
        "save_every=0.9",
        `scheme.outer=${outer}`,
      ],
      oracle: (m) =>
        `log10 SymKL to the exact JKO iterate ${Math.log10(last(m["symkl:jko-exact"])).toFixed(2)}, to the law ${Math.log10(last(m["symkl:gaussian"])).toFixed(2)}`,
    })),
  ),
];

const rows = [];
for (const c of cases)
  for (const stop of ["cap", "plateau"] as const) {
    const config = resolveRunConfig(c.preset, [...c.settings, `scheme.stop=${stop}`], 0, c.scheme);
    // CPU time of this one-threaded process: wall time moves with whatever shares the machine
    const cpu = process.cpuUsage();
    const { result } = await runExperiment(config);
    const used = process.cpuUsage(cpu);
    const iterations = (result.final as NeuralJkoState).iterations ?? [];
    const row = {
      case: c.name,
      stop,
      status: result.status,
      retried: result.retries,
      steps: iterations.length,
      iterations_mean: iterations.reduce((s, v) => s + v, 0) / iterations.length,
      iterations_min: Math.min(...iterations),
      iterations_max: Math.max(...iterations),
      cpu_seconds_per_step: (used.user + used.system) / 1e6 / iterations.length,
      oracle: c.oracle(result.history.metrics, result.history.energy),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
const info = machine();
writeResults("neural-plateau", { machine: info, rows });
updateBenchmarksDoc(
  "neural-plateau",
  `## Neural JKO: the plateau test against the fixed step length\n\n${info.date.slice(0, 10)}, ${info.cpu}, ${info.cores} cores, Node ${info.node}; fused kernels, one thread. _cap_: the cosine schedule holds the rate for J1/2 iterations and decays over J1/2; _plateau_ (\`scheme.stop=plateau\`): the held phase ends at the first look (every 10 iterations from the 30th) at which T is no better than 30 iterations before on a fixed batch, under the current dual; the decay keeps its J1/2. Each case's oracle is in the last column: barenblatt-neural at seed 001's τ = 0.001 (the largest ratio over its 10 steps of W2 to the exact JKO iterate against a fifth of the iterate's own distance to the exact solution), the ring's radius 1/√3 and energy −1/12 at t = 20, and OU's exact JKO iterate and law at t = 0.9 (pool 10⁵). CPU seconds of the process per step (set-up included). \`npx tsx bench/neuralPlateau.ts\` regenerates this table.\n\n` +
    `| case | stop | status | iterations per step: mean (min–max) | CPU s per step | oracle |\n| --- | --- | --- | --- | --- | --- |\n` +
    rows
      .map(
        (r) =>
          `| ${r.case} | ${r.stop} | ${r.status} | ${r.iterations_mean.toFixed(0)} (${r.iterations_min}–${r.iterations_max}) | ${r.cpu_seconds_per_step.toFixed(2)} | ${r.oracle} |`,
      )
      .join("\n"),
);
