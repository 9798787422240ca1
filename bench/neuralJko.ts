/**
 * The neural JKO against the PyTorch peer, in one run, one thread each:
 *  - one iteration of VWGF Algorithm 1 (the workload of ../shared/peers/vwgf_step.py: KL to
 *    N(b, A⁻¹), 3 Adam steps on h, 1 on T, batch 1000, width 64, depth 3) on ottoflow's
 *    float64 engine (src/nn), against the peer in f64 and f32, d = 2 and 32;
 *  - ottoflow's iteration on the plain kernels and on the fused multiply–add build (relaxed
 *    SIMD, as the CLI runs it: the V8 flag below is set before any module is compiled);
 *  - linear cost in the number of JKO steps: wall time of 40 steps over 20 (goal ≤ 2.2).
 * Run: npx tsx bench/neuralJko.ts
 */
import v8 from "node:v8";
import { type KernelBuild, arena, setKernelBuild } from "../src/nn/arena.js";
import { Adam, Mlp } from "../src/nn/mlp.js";
import { foldIn, key, split } from "../src/random/key.js";
import { normal } from "../src/random/sample.js";
import { machine, median, peer, updateBenchmarksDoc, writeResults } from "./common.js";
import { flow } from "../src/flow/flow.js";
import { kl } from "../src/energies/internal.js";
import { quadratic } from "../src/energies/potential.js";
import { gaussian } from "../src/measures/construct.js";
import { neuralJko } from "../src/schemes/neuralJko.js";

v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
const [M, width, depth, inner, a, lr] = [1000, 64, 3, 3, 0.05, 1e-3];
const rows: Record<string, number>[] = [];
/** Median ms of one Algorithm-1 iteration on ottoflow's engine at the given precision. */
function ottoflowIteration(dim: number, precision: "f64" | "f32", build: KernelBuild): number {
  setKernelBuild(build);
  if (arena(precision).build !== build) throw new Error(`no ${build} kernels in this engine`);
  const keys = split(key(0), 5);
  const T = new Mlp(dim, dim, width, depth, true, keys[0], precision);
  const h = new Mlp(dim, 1, width, depth, false, keys[1], precision);
  const optT = new Adam(T, lr);
  const optH = new Adam(h, lr);
  // A = I + GGᵀ/d, b: the OU target's precision and mean
  const G = normal(keys[2], dim * dim);
  const A = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++)
    for (let j = 0; j < dim; j++) {
      let s = i === j ? 1 : 0;
      for (let l = 0; l < dim; l++) s += (G[i * dim + l] * G[j * dim + l]) / dim;
      A[i * dim + j] = s;
    }
  const b = normal(keys[3], dim);
  let it = 0;

  function iteration(): number {
    const [kx, kz] = split(foldIn(keys[4], it++), 2);
    const x = normal(kx, M * dim);
    const z = normal(kz, M * dim);
    const y = T.forward(x, M);
    for (let s = 0; s < inner; s++) {
      const g = h.zeroGradients();
      h.forward(y, M);
      h.backward(new Float64Array(M).fill(-1 / M), g, false);
      const hz = h.forward(z, M);
      h.backward(
        Float64Array.from(hz, (v) => Math.exp(v - 1) / M),
        g,
        false,
      );
      optH.step(g);
    }
    // as src/neural/klJkoStep.ts: T is unchanged since y = T(x), its pass is reused
    const yy = y;
    const hy = h.forward(yy, M);
    const dy = h.backward(new Float64Array(M).fill(1 / M));
    let loss = 0;
    for (let r = 0; r < M; r++) {
      for (let i = 0; i < dim; i++) {
        const k = r * dim + i;
        const diff = yy[k] - x[k];
        loss += (diff * diff) / (2 * a * M);
        // ∇ of |y − x|²/(2a) + log μ(y) − log q(y) = (y − x)/a − y + A(y − b)
        let ay = 0;
        for (let j = 0; j < dim; j++) ay += A[i * dim + j] * (yy[r * dim + j] - b[j]);
        dy[k] += (diff / a - yy[k] + ay) / M;
      }
      loss += hy[r] / M;
    }
    const gT = T.zeroGradients();
    T.backward(dy, gT);
    optT.step(gT);
    return loss;
  }

  for (let w = 0; w < 5; w++) iteration();
  const times: number[] = [];
  for (let r = 0; r < 50; r++) {
    const t0 = performance.now();
    iteration();
    times.push(performance.now() - t0);
  }
  return median(times);
}

for (const dim of [2, 32]) {
  const ours = ottoflowIteration(dim, "f64", "plain");
  const ours32 = ottoflowIteration(dim, "f32", "plain");
  const fma = ottoflowIteration(dim, "f64", "fma");
  const fma32 = ottoflowIteration(dim, "f32", "fma");
  const f64 = peer("vwgf_step.py", ["--dim", String(dim), "--threads", "1", "--dtype", "f64"]);
  const f32 = peer("vwgf_step.py", ["--dim", String(dim), "--threads", "1", "--dtype", "f32"]);
  rows.push({
    dim,
    ottoflow_f64_ms: ours,
    ottoflow_f64_fma_ms: fma,
    torch_f64_ms: f64.ms_per_iter_median,
    torch_f32_ms: f32.ms_per_iter_median,
    ratio_vs_f64: ours / f64.ms_per_iter_median,
    ratio_fma_vs_f64: fma / f64.ms_per_iter_median,
    ratio_vs_f32: ours / f32.ms_per_iter_median,
    ottoflow_f32_ms: ours32,
    ottoflow_f32_fma_ms: fma32,
    ratio_f32_vs_f32: ours32 / f32.ms_per_iter_median,
    ratio_f32_fma_vs_f32: fma32 / f32.ms_per_iter_median,
  });
  console.log(rows[rows.length - 1]);
}
setKernelBuild("fma"); // the linear-cost runs below as the CLI runs them

// Linear cost: the pool is pushed once per step, so 40 steps cost twice 20 (J1 = 20 here).
const stepsTime = async (steps: number) => {
  const t0 = performance.now();
  const run = await flow({
    energy: kl(
      quadratic({
        A: [
          [1, 0],
          [0, 1],
        ],
        b: [0, 0],
      }),
    ),
    initial: gaussian({
      mean: [0, 0],
      cov: [
        [1, 0],
        [0, 1],
      ],
    }),
    dt: 0.05,
    scheme: neuralJko({ n: 2000, batch: 500, outer: 20, width: 32, dualDepth: 2 }),
    until: steps * 0.05,
    saveEvery: steps * 0.05,
    key: key(0),
  });
  if (run.status !== "ok") throw new Error(`neural-jko run ended ${run.status}`);
  return performance.now() - t0;
};
const t20 = await stepsTime(20);
const t40 = await stepsTime(40);
console.log({ t20, t40, ratio: t40 / t20 });

const info = machine();
writeResults("neural-jko", {
  machine: info,
  rows,
  linear_cost: { ms_20_steps: t20, ms_40_steps: t40, ratio: t40 / t20 },
});
const f = (v: number, digits = 3) => v.toPrecision(digits);
updateBenchmarksDoc(
  "neural-jko",
  `## Neural JKO: one Algorithm-1 iteration vs PyTorch\n\n${info.date.slice(0, 10)}, ${info.cpu}, Node ${info.node}; one thread each, medians of 50 iterations (the peer: its own median). Workload of vwgf_step.py: batch 1000, width 64, depth 3, J2 = 3. ottoflow runs float64 and float32 (src/nn, WebAssembly GEMMs, two and four lanes), each on the plain kernels and on the fused multiply–add build (relaxed SIMD; what the CLI runs on Node 20, where it sets V8's flag for it, and what engines with relaxed SIMD on by default run); goal ratio ≤ 1.0 (stretch 0.5), like for like. \`npx tsx bench/neuralJko.ts\` regenerates this table.\n\n` +
    "| d | ottoflow f64 ms (plain / FMA) | PyTorch f64 ms | ratio f64 (plain / FMA) | ottoflow f32 ms (plain / FMA) | PyTorch f32 ms | ratio f32 (plain / FMA) |\n| --- | --- | --- | --- | --- | --- | --- |\n" +
    rows
      .map(
        (r) =>
          `| ${r.dim} | ${f(r.ottoflow_f64_ms)} / ${f(r.ottoflow_f64_fma_ms)} | ${f(r.torch_f64_ms)} | ${f(r.ratio_vs_f64, 2)} / ${f(r.ratio_fma_vs_f64, 2)} | ${f(r.ottoflow_f32_ms)} / ${f(r.ottoflow_f32_fma_ms)} | ${f(r.torch_f32_ms)} | ${f(r.ratio_f32_vs_f32, 2)} / ${f(r.ratio_f32_fma_vs_f32, 2)} |`,
      )
      .join("\n") +
    `\n\nLinear cost: 40 JKO steps take ${f(t40 / t20, 3)}× the time of 20 (goal ≤ 2.2; J1 = 20, pool 2000).`,
);
