/**
 * Seconds per JKO step of every neural preset at its defaults, beside seed 001's GPU figures:
 * about 10 s per KL step on an RTX 3090 (§4.2: "20 s per two JKO steps", every d from 2 to
 * 32) and 100 s per generalised-entropy step (B.4). Goals (issue 20): ≤ 2.5 s per KL step and
 * ≤ 25 s per generalised-entropy step on one CPU core. Each case runs three steps from its
 * start (set-up included) with the fused kernels, as the CLI runs it (the V8 flag below).
 * The interaction-only step (the ring) has no dual and no figure in the seed.
 * Run: npx tsx bench/neuralPresetSteps.ts
 */
import v8 from "node:v8";
import { runExperiment } from "../src/config/run.js";
import { resolveRunConfig } from "../src/config/runConfig.js";
import { machine, updateBenchmarksDoc, writeResults } from "./common.js";

v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
const KL = { kind: "KL", seed: 10, goal: 2.5 };
const ENTROPY = { kind: "generalised entropy", seed: 100, goal: 25 };
const RING = { kind: "interaction (no dual)", seed: NaN, goal: NaN };
interface Case {
  preset: string;
  scheme?: string;
  sets: string[];
  kind: string;
  seed: number;
  goal: number;
}
const cases: Case[] = [
  { preset: "ou", scheme: "neural-jko", sets: ["dim=2"], ...KL },
  { preset: "ou", scheme: "neural-jko", sets: ["dim=32"], ...KL },
  { preset: "gmm", sets: ["dim=8"], ...KL },
  { preset: "gmm", sets: ["dim=13"], ...KL },
  { preset: "two-moons", sets: [], ...KL },
  { preset: "barenblatt-neural", sets: [], ...ENTROPY },
  { preset: "aggregation-diffusion-neural", sets: [], ...ENTROPY },
  { preset: "aggregation-ring-neural", sets: [], ...RING },
];
const STEPS = 3;
const rows: Record<string, number | string>[] = [];
for (const c of cases) {
  const dt = resolveRunConfig(c.preset, c.sets, 0, c.scheme).time.dt;
  const config = resolveRunConfig(
    c.preset,
    [...c.sets, `until=${STEPS * dt}`, `save_every=${STEPS * dt}`],
    0,
    c.scheme,
  );
  const t0 = performance.now();
  const { result } = await runExperiment(config);
  const perStep = (performance.now() - t0) / 1000 / result.steps;
  const p = config.schemeParams as { outer: number; n: number };
  const row = {
    case: `${c.preset}${c.sets.length ? ` ${c.sets.join(" ")}` : ""}`,
    kind: c.kind,
    status: result.status,
    steps: result.steps,
    outer: p.outer,
    pool: p.n,
    seconds_per_step: perStep,
    seed_gpu_seconds: c.seed,
    goal_seconds: c.goal,
    over_goal: perStep / c.goal,
  };
  rows.push(row);
  console.log(row);
}
const info = machine();
writeResults("neural-preset-steps", { machine: info, rows });
const f = (v: number) => (Number.isFinite(v) ? v.toPrecision(3) : "–");
updateBenchmarksDoc(
  "neural-preset-steps",
  `## Neural presets: seconds per JKO step beside the paper's GPU\n\n${info.date.slice(0, 10)}, ${info.cpu}, Node ${info.node}; one thread, fused kernels (as the CLI), each preset at its defaults for ${STEPS} steps from its start, set-up included, one run each. Seed 001 on an RTX 3090: ~10 s per KL step (§4.2), ~100 s per generalised-entropy step (B.4). Goals (issue 20): a quarter of those. \`npx tsx bench/neuralPresetSteps.ts\` regenerates this table.\n\n` +
    "| case | energy | J1 | pool | s per step | seed 001 (GPU) s | goal s | over goal |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n" +
    rows
      .map(
        (r) =>
          `| ${r.case} | ${r.kind} | ${r.outer} | ${r.pool} | ${f(Number(r.seconds_per_step))} | ${f(Number(r.seed_gpu_seconds))} | ${f(Number(r.goal_seconds))} | ${f(Number(r.over_goal))} |`,
      )
      .join("\n"),
);
