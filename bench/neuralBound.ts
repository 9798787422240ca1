/**
 * What the products alone need per JKO step, beside what a step takes: for each KL preset of
 * bench/neuralPresetCases.ts (MLP maps and duals), the multiply–adds of one training iteration
 * counted layer by layer as src/neural/klJkoStep.ts runs its passes — J2 times h's forward, weight
 * and input gradients (the first layer's skipped) on y and on z; T's forward; h's forward and
 * input gradients on y; T's weight and input gradients (the first layer's skipped) — times J1,
 * at the rate the engine's float32 fused product runs in this process (1000×64 · (64×64)ᵀ,
 * medians of 30 × 20 calls) and at this core's peak for four-lane relaxed_madd (29.3 GMAC/s,
 * ten independent chains and no loads; docs/decisions/neural-engine.md). The seconds per step
 * measured are read from bench/results/neural-preset-steps.json (bench/neuralPresetSteps.ts).
 * Run: npx tsx bench/neuralBound.ts
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import v8 from "node:v8";
import { prepareRun } from "../src/config/run.js";
import { resolveRunConfig } from "../src/config/runConfig.js";
import { arena, setKernelBuild } from "../src/nn/arena.js";
import { ROOT, machine, median, updateBenchmarksDoc, writeResults } from "./common.js";
import { caseLabel, cases } from "./neuralPresetCases.js";

v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
const PEAK_GMACS = 29.3;

/** Multiply–adds of each layer of an MLP in → width (depth times) → out, per row. */
const layers = (inDim: number, width: number, depth: number, out: number): number[] => {
  const dims = [inDim, ...new Array<number>(depth).fill(width), out];
  return dims.slice(1).map((o, l) => dims[l] * o);
};
const sum = (v: number[]) => v.reduce((s, x) => s + x, 0);

/** One training iteration's multiply–adds (batch M), as klJkoStep runs its passes. */
function iterationMacs(d: number, T: number[], h: number[], inner: number, M: number): number {
  const [all, noFirst] = [sum, (L: number[]) => sum(L.slice(1))];
  const dual = inner * 2 * (all(h) + all(h) + noFirst(h));
  const primal = all(T) + all(h) + all(h) + all(T) + noFirst(T);
  return M * (dual + primal);
}

/** GMAC/s of the float32 fused product on the MLPs' main shape. */
function productRate(): number {
  setKernelBuild("fma");
  const a = arena("f32");
  if (a.build !== "fma") throw new Error("no fused kernels in this engine");
  const [m, k, n] = [1000, 64, 64];
  const [A, B, C] = [a.alloc(m * k), a.alloc(n * k), a.alloc(m * n)];
  A.data.fill(0.5);
  B.data.fill(0.25);
  const times: number[] = [];
  for (let r = 0; r < 30; r++) {
    const t0 = performance.now();
    for (let c = 0; c < 20; c++) a.kernels.gemmNT(m, k, n, A.offset, B.offset, C.offset, 0, 0, 0);
    times.push((performance.now() - t0) / 20);
  }
  return (m * k * n) / (median(times) * 1e6);
}

const measured = JSON.parse(
  readFileSync(join(ROOT, "bench", "results", "neural-preset-steps.json"), "utf8"),
) as { rows: { case: string; seconds_per_step: number }[] };
const rate = productRate();
const rows: Record<string, number | string>[] = [];
for (const c of cases.filter((c) => c.kind === "KL")) {
  const config = resolveRunConfig(c.preset, c.sets, 0, c.scheme);
  const p = config.schemeParams as {
    outer: number;
    inner: number;
    batch: number;
    width: number;
    mapWidth?: number;
    mapDepth: number;
    dualDepth: number;
    map: string;
  };
  if (p.map !== "residual") throw new Error(`${caseLabel(c)}: the count is for MLP maps`);
  const initial = prepareRun(config).experiment.initial;
  const d = initial.kind === "quantile1d" ? 1 : initial.d;
  const T = layers(d, p.mapWidth ?? p.width, p.mapDepth, d);
  const h = layers(d, p.width, p.dualDepth, 1);
  const macs = iterationMacs(d, T, h, p.inner, p.batch);
  const step = measured.rows.find((r) => r.case === caseLabel(c))?.seconds_per_step ?? NaN;
  rows.push({
    case: caseLabel(c),
    outer: p.outer,
    mmacs_per_iteration: macs / 1e6,
    products_at_rate_s: (p.outer * macs) / (rate * 1e9),
    products_at_peak_s: (p.outer * macs) / (PEAK_GMACS * 1e9),
    measured_s: step,
    goal_s: c.goal,
  });
  console.log(rows[rows.length - 1]);
}
const info = machine();
writeResults("neural-bound", { machine: info, product_gmacs: rate, peak_gmacs: PEAK_GMACS, rows });
const f = (v: number) => (Number.isFinite(v) ? v.toPrecision(3) : "–");
updateBenchmarksDoc(
  "neural-bound",
  `## Neural presets: what the products alone need per step\n\n${info.date.slice(0, 10)}, ${info.cpu}, Node ${info.node}; one thread. The multiply–adds of one training iteration, counted layer by layer as the step runs its passes, times J1: at the rate of the engine's float32 fused product measured in this run (${f(rate)} GMAC/s on 1000×64 · (64×64)ᵀ) and at this core's peak for four-lane relaxed_madd (${PEAK_GMACS} GMAC/s: ten independent chains, no loads). Measured: the table "Neural presets: seconds per JKO step" (CPU seconds per step, set-up included). Goal ≤ 2.5 s per KL step. \`npx tsx bench/neuralBound.ts\` regenerates this table.\n\n` +
    "| case | J1 | M multiply–adds per iteration | products at the kernel's rate, s per step | products at the core's peak, s per step | measured s per step | goal s |\n| --- | --- | --- | --- | --- | --- | --- |\n" +
    rows
      .map(
        (r) =>
          `| ${r.case} | ${r.outer} | ${f(Number(r.mmacs_per_iteration))} | ${f(Number(r.products_at_rate_s))} | ${f(Number(r.products_at_peak_s))} | ${f(Number(r.measured_s))} | ${f(Number(r.goal_s))} |`,
      )
      .join("\n"),
);
