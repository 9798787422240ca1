/**
 * The neural JKO against the PyTorch peer, in one run, one thread each:
 *  - one iteration of VWGF Algorithm 1 (the workload of ../shared/peers/vwgf_step.py: KL to
 *    N(b, A⁻¹), 3 Adam steps on h, 1 on T, batch 1000, width 64, depth 3) on ottoflow's engine
 *    (src/nn), written out here as src/neural/klJkoStep.ts runs it, against the peer in f64
 *    and f32, d = 2 and 32;
 *  - ottoflow's iteration on the plain kernels and on the fused multiply–add build (relaxed
 *    SIMD, as the CLI runs it: the V8 flag below is set before any module is compiled);
 *  - the library's own training loop on the same target (klJkoStep: its reference μ the Gaussian
 *    moment-matched to a pool of N(0, I) samples, the potential through the energy's terms), per
 *    iteration: (time of 2 + 20 iterations − time of 2) / 20, medians;
 *  - two threads against two: the iteration and the library's loop with both networks split
 *    over two threads (src/nn/splitNet.ts, `scheme.workers=2`), against the peer's
 *    `--threads 2`, fused kernels, both precisions, each beside its one-thread time of the run;
 *  - linear cost in the number of JKO steps: wall time of 40 steps over 20 (goal ≤ 2.2).
 * Run: npx tsx bench/neuralJko.ts
 * `npx tsx bench/neuralJko.ts --levers` instead times the iteration with each lever of
 * docs/decisions/neural-engine.md switched off in turn, interleaved in one process (float32,
 * fused kernels), and writes nothing.
 */
import v8 from "node:v8";
import { type KernelBuild, type Precision, arena, setKernelBuild } from "../src/nn/arena.js";
import { Adam, Mlp } from "../src/nn/mlp.js";
import type { Net } from "../src/nn/net.js";
import { SplitNet, closeNetThreads } from "../src/nn/splitNet.js";
import { rowHeap } from "../src/nn/rows.js";
import { type Key, foldIn, key, split } from "../src/random/key.js";
import { normal } from "../src/random/sample.js";
import { threefry2x32 } from "../src/random/threefry.js";
import { machine, median, peer, updateBenchmarksDoc, writeResults } from "./common.js";
import { flow } from "../src/flow/flow.js";
import { kl } from "../src/energies/internal.js";
import { quadratic } from "../src/energies/potential.js";
import { gaussian } from "../src/measures/construct.js";
import { klJkoStep } from "../src/neural/klJkoStep.js";
import { neuralJko } from "../src/schemes/neuralJko.js";

v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
const [M, width, depth, inner, a, lr] = [1000, 64, 3, 3, 0.05, 1e-3];
const rows: Record<string, number>[] = [];

/**
 * The levers of docs/decisions/neural-engine.md. `klJkoStepLevers` is how src/neural/klJkoStep.ts
 * runs: every lever but the stacked dual pass, which was measured slower (its 2M rows' buffers
 * outgrow the cache).
 */
interface Levers {
  /** Outputs, gradients and the loss's arrays in arrays made once, not made per pass. */
  preallocated: boolean;
  /** The dual's two batches y = T(x) and z ~ μ as one stacked pass of 2M rows, not two. */
  stacked: boolean;
  /** The loss's d×d products (here the potential's gradient A(y − b)) in the row kernels. */
  rowKernels: boolean;
  /** The normal draws on the WebAssembly Threefry, not on src/random/threefry.ts. */
  wasmSampler: boolean;
  /** T's backward pass skips dL/dx, which the step does not use. */
  noMapInputGradient: boolean;
}
const klJkoStepLevers: Levers = {
  preallocated: true,
  stacked: false,
  rowKernels: true,
  wasmSampler: true,
  noMapInputGradient: true,
};

/** n standard normals as src/random/sample.ts drew them on the TypeScript Threefry alone. */
function normalTs(k: Key, n: number): Float64Array {
  const pairs = Math.ceil(n / 2);
  const u = new Float64Array(2 * pairs);
  const w = new Uint32Array(2);
  for (let i = 0; i < u.length; i++) {
    threefry2x32(k[0], k[1], 0, i, w);
    u[i] = ((w[0] >>> 5) * 67108864 + (w[1] >>> 6) + 0.5) * 2 ** -53;
  }
  const out = new Float64Array(n);
  for (let p = 0; p < pairs; p++) {
    const r = Math.sqrt(-2 * Math.log(u[2 * p]));
    const angle = 2 * Math.PI * u[2 * p + 1];
    out[2 * p] = r * Math.cos(angle);
    if (2 * p + 1 < n) out[2 * p + 1] = r * Math.sin(angle);
  }
  return out;
}

/** The OU target's precision A = I + GGᵀ/d and mean b, as the peer makes them. */
function target(dim: number, kG: Key, kb: Key): { A: Float64Array; b: Float64Array } {
  const G = normal(kG, dim * dim);
  const A = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++)
    for (let j = 0; j < dim; j++) {
      let s = i === j ? 1 : 0;
      for (let l = 0; l < dim; l++) s += (G[i * dim + l] * G[j * dim + l]) / dim;
      A[i * dim + j] = s;
    }
  return { A, b: normal(kb, dim) };
}

/** The bench's T and h, split over `threads` threads when more than one (as scheme.workers). */
function networksOn(
  threads: number,
  dim: number,
  precision: Precision,
  keys: Key[],
): { T: Net; h: Net } {
  const T = new Mlp(dim, dim, width, depth, true, keys[0], precision);
  const h = new Mlp(dim, 1, width, depth, false, keys[1], precision);
  return threads === 1 ? { T, h } : { T: new SplitNet(T, threads), h: new SplitNet(h, threads) };
}

/**
 * One Algorithm-1 iteration on ottoflow's engine at the given precision, as a function (its
 * arrays in the row kernels' memory are taken once, for every call).
 */
function makeIteration(
  dim: number,
  precision: Precision,
  build: KernelBuild,
  levers: Levers,
  threads = 1,
): () => number {
  setKernelBuild(build);
  if (arena(precision).build !== build) throw new Error(`no ${build} kernels in this engine`);
  const keys = split(key(0), 5);
  const { T, h } = networksOn(threads, dim, precision, keys);
  const optT = new Adam(T, lr);
  const optH = new Adam(h, lr);
  const { A, b } = target(dim, keys[2], keys[3]);
  const draw = levers.wasmSampler ? normal : normalTs;
  // the arrays of the preallocated iteration: x, [y; z] stacked, h on it and its gradient, the
  // primal pass's, and (row kernels) A, y − b and A(y − b)
  const heap = rowHeap();
  const [aBuf, centred, ayBuf, scratch] = [
    heap.allocFrom(A),
    heap.alloc(M * dim),
    heap.alloc(M * dim),
    heap.alloc(4 * dim),
  ];
  const x = new Float64Array(M * dim);
  const yz = new Float64Array(2 * M * dim);
  const [y, z] = [yz.subarray(0, M * dim), yz.subarray(M * dim)];
  const hyz = new Float64Array(2 * M);
  const dh = new Float64Array(2 * M).fill(-1 / M, 0, M);
  const [hyHalf, hzHalf, dhy0, dhz] = [
    hyz.subarray(0, M),
    hyz.subarray(M),
    dh.subarray(0, M),
    dh.subarray(M),
  ];
  const [hy, dhy, dy] = [
    new Float64Array(M),
    new Float64Array(M).fill(1 / M),
    new Float64Array(M * dim),
  ];
  let it = 0;

  return function iteration(): number {
    const [kx, kz] = split(foldIn(keys[4], it++), 2);
    const pre = levers.preallocated;
    const xs = pre && levers.wasmSampler ? normal(kx, M * dim, x) : draw(kx, M * dim);
    const zs = pre && levers.wasmSampler ? normal(kz, M * dim, z) : draw(kz, M * dim);
    if (pre && !levers.wasmSampler) z.set(zs);
    const ys = pre ? T.forward(xs, M, y) : T.forward(xs, M);
    for (let s = 0; s < inner; s++) {
      const g = h.zeroGradients();
      if (levers.stacked) {
        let input = yz;
        if (!pre) {
          input = new Float64Array(2 * M * dim);
          input.set(ys);
          input.set(zs, M * dim);
        }
        const hv = pre ? h.forward(input, 2 * M, hyz) : h.forward(input, 2 * M);
        const dOut = pre ? dh : new Float64Array(2 * M).fill(-1 / M, 0, M);
        for (let r = 0; r < M; r++) dOut[M + r] = Math.exp(hv[M + r] - 1) / M;
        h.backward(dOut, g, false, { segment: M });
      } else if (pre) {
        h.forward(ys, M, hyHalf);
        h.backward(dhy0, g, false);
        const hz = h.forward(zs, M, hzHalf);
        for (let r = 0; r < M; r++) dhz[r] = Math.exp(hz[r] - 1) / M;
        h.backward(dhz, g, false);
      } else {
        h.forward(ys, M);
        h.backward(new Float64Array(M).fill(-1 / M), g, false);
        const hz = h.forward(zs, M);
        h.backward(
          Float64Array.from(hz, (v) => Math.exp(v - 1) / M),
          g,
          false,
        );
      }
      optH.step(g);
    }
    // as src/neural/klJkoStep.ts: T is unchanged since y = T(x), its pass is reused
    const hys = pre ? h.forward(ys, M, hy) : h.forward(ys, M);
    const dys = pre
      ? h.backward(dhy, undefined, true, { out: dy })
      : h.backward(new Float64Array(M).fill(1 / M));
    // views made here: several iterations' buffers may have grown the memory since
    const [yc, ayRows] = [centred.data as Float64Array, ayBuf.data as Float64Array];
    if (levers.rowKernels) {
      // A(y − b) row by row, each sum in the order of the loop below
      for (let r = 0; r < M; r++)
        for (let j = 0; j < dim; j++) yc[r * dim + j] = ys[r * dim + j] - b[j];
      heap.kernels.affineRows(
        M,
        dim,
        aBuf.offset,
        0,
        centred.offset,
        0,
        ayBuf.offset,
        scratch.offset,
      );
    }
    let loss = 0;
    for (let r = 0; r < M; r++) {
      for (let i = 0; i < dim; i++) {
        const k = r * dim + i;
        const diff = ys[k] - xs[k];
        loss += (diff * diff) / (2 * a * M);
        // ∇ of |y − x|²/(2a) + log μ(y) − log q(y) = (y − x)/a − y + A(y − b)
        let ay = 0;
        if (levers.rowKernels) ay = ayRows[k];
        else for (let j = 0; j < dim; j++) ay += A[i * dim + j] * (ys[r * dim + j] - b[j]);
        dys[k] += (diff / a - ys[k] + ay) / M;
      }
      loss += hys[r] / M;
    }
    const gT = T.zeroGradients();
    T.backward(dys, gT, !levers.noMapInputGradient);
    optT.step(gT);
    return loss;
  };
}

/** Median ms of `iterations` after 5 warm-up ones, several iterations interleaved. */
function timeInterleaved(its: (() => number)[], iterations = 50): number[] {
  const times = its.map(() => [] as number[]);
  for (let r = 0; r < iterations + 5; r++)
    its.forEach((f, j) => {
      const t0 = performance.now();
      f();
      if (r >= 5) times[j].push(performance.now() - t0);
    });
  return times.map(median);
}

/** Median ms of one Algorithm-1 iteration on ottoflow's engine. */
function ottoflowIteration(
  dim: number,
  precision: Precision,
  build: KernelBuild,
  threads = 1,
): number {
  const heap = rowHeap();
  const mark = heap.mark();
  try {
    return timeInterleaved([makeIteration(dim, precision, build, klJkoStepLevers, threads)])[0];
  } finally {
    heap.release(mark);
  }
}

/** ms per iteration of the library's loop, klJkoStep, on the same target and networks. */
function libraryIteration(
  dim: number,
  precision: Precision,
  build: KernelBuild,
  threads = 1,
): number {
  setKernelBuild(build);
  const keys = split(key(0), 5);
  const { T, h } = networksOn(threads, dim, precision, keys);
  const { A, b } = target(dim, keys[2], keys[3]);
  const rowsOf = (m: Float64Array) =>
    Array.from({ length: dim }, (_, i) => Array.from(m.subarray(i * dim, (i + 1) * dim)));
  const energy = kl(quadratic({ A: rowsOf(A), b }));
  const pool = { kind: "particles" as const, n: M, d: dim, x: normal(keys[4], M * dim) };
  let seed = 0;
  const run = (outer: number) => {
    const t0 = performance.now();
    klJkoStep(pool, energy, T, h, { step: a, outer, inner, batch: M, lr }, key(seed++));
    return performance.now() - t0;
  };
  run(5);
  const [short, long] = [[] as number[], [] as number[]];
  for (let r = 0; r < 7; r++) {
    short.push(run(2));
    long.push(run(22));
  }
  return (median(long) - median(short)) / 20;
}

if (process.argv.includes("--levers")) {
  // each lever switched (off, or for the stacked pass on) alone, against klJkoStep's choice,
  // interleaved iteration by iteration
  const variants: [string, Levers][] = [
    ["as klJkoStep", klJkoStepLevers],
    ["allocating per pass", { ...klJkoStepLevers, preallocated: false }],
    ["one stacked dual pass", { ...klJkoStepLevers, stacked: true }],
    ["loss loops in TypeScript", { ...klJkoStepLevers, rowKernels: false }],
    ["TypeScript Threefry", { ...klJkoStepLevers, wasmSampler: false }],
    ["T's input gradient", { ...klJkoStepLevers, noMapInputGradient: false }],
    [
      "none",
      {
        preallocated: false,
        stacked: false,
        rowKernels: false,
        wasmSampler: false,
        noMapInputGradient: false,
      },
    ],
  ];
  for (const dim of [2, 32]) {
    const heap = rowHeap();
    const mark = heap.mark();
    const its = variants.map(([, levers]) => makeIteration(dim, "f32", "fma", levers));
    const ms = timeInterleaved(its, 60);
    heap.release(mark);
    console.log(`d = ${dim}, float32, fused kernels, median ms of 60 (interleaved):`);
    variants.forEach(([name], j) => console.log(`  ${name.padEnd(26)} ${ms[j].toFixed(2)}`));
  }
  process.exit(0);
}

for (const dim of [2, 32]) {
  const ours = ottoflowIteration(dim, "f64", "plain");
  const ours32 = ottoflowIteration(dim, "f32", "plain");
  const fma = ottoflowIteration(dim, "f64", "fma");
  const fma32 = ottoflowIteration(dim, "f32", "fma");
  const library = libraryIteration(dim, "f64", "fma");
  const library32 = libraryIteration(dim, "f32", "fma");
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
    klJkoStep_f64_fma_ms: library,
    klJkoStep_f32_fma_ms: library32,
    ratio_klJkoStep_f32_fma_vs_f32: library32 / f32.ms_per_iter_median,
  });
  console.log(rows[rows.length - 1]);
}

// Two threads against two: each measurement beside its one-thread twin, close together in time.
const twoThreadRows: Record<string, number | string>[] = [];
for (const dim of [2, 32])
  for (const precision of ["f64", "f32"] as const) {
    const iteration = [1, 2].map((t) => ottoflowIteration(dim, precision, "fma", t));
    const library = [1, 2].map((t) => libraryIteration(dim, precision, "fma", t));
    const torch = [1, 2].map(
      (t) =>
        peer("vwgf_step.py", ["--dim", String(dim), "--threads", String(t), "--dtype", precision])
          .ms_per_iter_median,
    );
    twoThreadRows.push({
      dim,
      precision,
      iteration_1t_ms: iteration[0],
      iteration_2t_ms: iteration[1],
      klJkoStep_1t_ms: library[0],
      klJkoStep_2t_ms: library[1],
      torch_1t_ms: torch[0],
      torch_2t_ms: torch[1],
      ratio_iteration_2t: iteration[1] / torch[1],
      ratio_klJkoStep_2t: library[1] / torch[1],
      // PyTorch's second thread may not pay on a shared machine: against its faster count too
      ratio_klJkoStep_2t_vs_best: library[1] / Math.min(...torch),
    });
    console.log(twoThreadRows[twoThreadRows.length - 1]);
  }
await closeNetThreads();
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
  two_threads: twoThreadRows,
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
    "\n\nThe library's own training loop (`klJkoStep`, the step that `neural-jko` runs) on the same target and networks, FMA kernels, ms per iteration: its reference μ is the Gaussian moment-matched to the pool (z = m + Lξ and log μ with a full Σ⁻¹, where the peer's μ is N(0, I)) and the potential comes through the energy's terms, evaluated row by row.\n\n" +
    "| d | klJkoStep f64 ms | klJkoStep f32 ms | ratio f32 to PyTorch f32 |\n| --- | --- | --- | --- |\n" +
    rows
      .map(
        (r) =>
          `| ${r.dim} | ${f(r.klJkoStep_f64_fma_ms)} | ${f(r.klJkoStep_f32_fma_ms)} | ${f(r.ratio_klJkoStep_f32_fma_vs_f32, 2)} |`,
      )
      .join("\n") +
    "\n\nTwo threads against two: ottoflow with both networks split over two threads (src/nn/splitNet.ts, what `--set scheme.workers=2` runs: each pass cuts the batch in two at a multiple of four rows, the second half on a helper thread, the parameter gradients added once per pass), against PyTorch's `--threads 2`; fused kernels, ms per iteration, each beside its one-thread time in the same run. Goal ratio ≤ 1.0 (stretch 0.7), two threads against two.\n\n" +
    "| d | precision | iteration ms, 1 → 2 threads | klJkoStep ms, 1 → 2 threads | PyTorch ms, 1 → 2 threads | ratio at 2 threads: iteration / klJkoStep | klJkoStep at 2 threads / PyTorch's faster |\n| --- | --- | --- | --- | --- | --- | --- |\n" +
    twoThreadRows
      .map(
        (r) =>
          `| ${r.dim} | ${r.precision} | ${f(r.iteration_1t_ms as number)} → ${f(r.iteration_2t_ms as number)} | ${f(r.klJkoStep_1t_ms as number)} → ${f(r.klJkoStep_2t_ms as number)} | ${f(r.torch_1t_ms as number)} → ${f(r.torch_2t_ms as number)} | ${f(r.ratio_iteration_2t as number, 2)} / ${f(r.ratio_klJkoStep_2t as number, 2)} | ${f(r.ratio_klJkoStep_2t_vs_best as number, 2)} |`,
      )
      .join("\n") +
    `\n\nLinear cost: 40 JKO steps take ${f(t40 / t20, 3)}× the time of 20 (goal ≤ 2.2; J1 = 20, pool 2000).`,
);
