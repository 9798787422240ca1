/**
 * The MMD flow's sums (seed 004's MMD panel at its largest setting: 800 particles, 600 teacher
 * samples, d = 2): the attraction to the samples (Gaussian of width 3, and the distance), the
 * energy distance's repulsion among the particles, and the energy distance to the teacher
 * that the panel draws at every save — WebAssembly sums (kernels/pairSums.ts) against the
 * JavaScript loops they replace (the potential's closures one particle at a time, the
 * reference pair loop, a double loop for the distance), in the same run, with the largest
 * difference between the two.
 *   npx tsx bench/sampleSums.ts
 */
import { distanceKernel, energyDistanceEnergy, mmdEnergy } from "../src/energies/mmd.js";
import type { Energy, PotentialTerm } from "../src/energies/types.js";
import {
  interactionVelocity,
  interactionVelocityReference,
  transportVelocity,
} from "../src/energies/velocity.js";
import { particles } from "../src/measures/construct.js";
import type { Particles } from "../src/measures/types.js";
import { cloud } from "../src/ot/cloud.js";
import { energyDistanceTo } from "../src/ot/divergences.js";
import { key } from "../src/random/key.js";
import { normal } from "../src/random/sample.js";
import { machine, time, updateBenchmarksDoc, writeResults } from "./common.js";

const N = 800;
const M = 600;
const REPS = 15;
const p = particles(
  normal(key(1), 2 * N).map((v) => 0.3 * v - 1),
  2,
);
const teacher = particles(normal(key(2), 2 * M), 2);

/** −∇V at every particle by the potential's closures, one particle at a time. */
function closureVelocity(t: PotentialTerm, q: Particles): Float64Array {
  const v = new Float64Array(q.n * q.d);
  const g = new Float64Array(q.d);
  for (let i = 0; i < q.n; i++) {
    t.grad(q.x.subarray(i * q.d, (i + 1) * q.d), g);
    for (let a = 0; a < q.d; a++) v[i * q.d + a] -= t.scale * g[a];
  }
  return v;
}

/** The unbiased energy distance to b by double loops over pairs, b's self-term given. */
function loopEnergyDistance(a: Particles, b: Particles, selfB: number): number {
  return meanDistance(a.x, a.x, true) + selfB - 2 * meanDistance(a.x, b.x, false);
}

/** −E|X − Y| over the pairs of two clouds in d = 2 (i ≠ j within one). */
function meanDistance(x: Float64Array, y: Float64Array, self: boolean): number {
  const n = x.length / 2;
  const m = y.length / 2;
  let s = 0;
  for (let i = 0; i < n; i++)
    for (let j = self ? i + 1 : 0; j < m; j++)
      s -= Math.sqrt((x[2 * i] - y[2 * j]) ** 2 + (x[2 * i + 1] - y[2 * j + 1]) ** 2);
  return self ? (2 * s) / (n * (n - 1)) : s / (n * m);
}

const maxRel = (a: Float64Array, b: Float64Array) => {
  const scale = b.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
  return a.reduce((s, v, k) => Math.max(s, Math.abs(v - b[k])), 0) / scale;
};

const rows: { what: string; loops_ms: number; sums_ms: number; ratio: number; rel_diff: number }[] =
  [];
const attraction = (f: Energy) => f.terms.find((t) => t.type === "potential") as PotentialTerm;
for (const [what, t] of [
  ["attraction to the samples, Gaussian σ = 3", attraction(mmdEnergy(teacher, 3))],
  ["attraction to the samples, distance", attraction(energyDistanceEnergy(teacher))],
] as const) {
  const loops = time(() => closureVelocity(t, p), REPS);
  const sums = time(() => transportVelocity({ terms: [t] }, p), REPS);
  rows.push({
    what,
    loops_ms: loops.ms,
    sums_ms: sums.ms,
    ratio: sums.ms / loops.ms,
    rel_diff: maxRel(sums.result, loops.result),
  });
}
{
  const loops = time(() => interactionVelocityReference(distanceKernel, p), REPS);
  const sums = time(() => interactionVelocity(distanceKernel, p), REPS);
  rows.push({
    what: "repulsion among the particles, distance",
    loops_ms: loops.ms,
    sums_ms: sums.ms,
    ratio: sums.ms / loops.ms,
    rel_diff: maxRel(sums.result, loops.result),
  });
}
const toTeacher = energyDistanceTo(cloud(teacher.x, 2));
toTeacher(cloud(p.x, 2)); // the teacher's self-term, once, as along a run
const selfTeacher = meanDistance(teacher.x, teacher.x, true);
{
  const loops = time(() => loopEnergyDistance(p, teacher, selfTeacher), REPS);
  const sums = time(() => toTeacher(cloud(p.x, 2)), REPS);
  rows.push({
    what: "energy distance to the teacher (its self-term kept)",
    loops_ms: loops.ms,
    sums_ms: sums.ms,
    ratio: sums.ms / loops.ms,
    rel_diff: Math.abs(sums.result - loops.result) / Math.abs(loops.result),
  });
}
for (const r of rows) console.log(JSON.stringify(r));

const result = { machine: machine(), n: N, teacher: M, reps: REPS, rows };
writeResults("sampleSums", result);
const f3 = (x: number) => x.toPrecision(3);
updateBenchmarksDoc(
  "sample-sums",
  `## Sums over target samples (the MMD flow)

\`npx tsx bench/sampleSums.ts\`: ${result.machine.date.slice(0, 10)}, ${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}; one thread, medians of ${REPS} runs in the same process. ${N} particles, ${M} target samples, d = 2 (seed 004's MMD panel at its largest setting). *Loops*: the JavaScript the sums replace (the potential's closures one particle at a time, the reference pair loop, a double loop for the distance). *Sums*: WebAssembly SIMD, each pair once within the particles, every particle against the samples (kernels/pairSums.ts). *rel diff*: largest difference between the two, relative to the largest value (for the energy distance, to its value: a difference of means of order 1 that cancels to about 10⁻³, so 10⁻¹⁴ relative is 10⁻¹⁶ absolute).

| what | loops (ms) | sums (ms) | sums / loops | rel diff |
|---|---:|---:|---:|---:|
${rows.map((r) => `| ${r.what} | ${f3(r.loops_ms)} | ${f3(r.sums_ms)} | ${r.ratio.toFixed(2)} | ${r.rel_diff.toExponential(1)} |`).join("\n")}`,
);
