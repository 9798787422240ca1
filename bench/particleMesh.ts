/**
 * Particle–mesh vs exact pair sums for the Gaussian-attraction velocity in 2D, x ~ N(0, I):
 * time and max error (relative to max |v|, on 500 particles checked against the exact sum
 * over all N) for N = 10⁴…10⁶ and two spacings. Run: npx tsx bench/particleMesh.ts
 */
import { gaussianAttractionKernel } from "../src/energies/interaction.js";
import { interactionVelocity } from "../src/energies/velocity.js";
import { particleMeshVelocity } from "../src/kernels/particleMesh.js";
import { particles } from "../src/measures/construct.js";
import { key } from "../src/random/key.js";
import { normal } from "../src/random/sample.js";
import { machine, time, updateBenchmarksDoc, writeResults } from "./common.js";

/** Exact velocities of the first `m` particles against all N (O(N·m)). */
function exactSubset(x: Float64Array, n: number, m: number): Float64Array {
  const v = new Float64Array(2 * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      const d0 = x[2 * i] - x[2 * j];
      const d1 = x[2 * i + 1] - x[2 * j + 1];
      const c = gaussianAttractionKernel.c(d0 * d0 + d1 * d1) / n;
      v[2 * i] -= c * d0;
      v[2 * i + 1] -= c * d1;
    }
  return v;
}

const rows: Record<string, number | string>[] = [];
for (const n of [10_000, 100_000, 1_000_000]) {
  const x = normal(key(n), 2 * n);
  const p = particles(x, 2);
  const m = 500;
  const exact = exactSubset(x, n, m);
  const scale = exact.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
  for (const h of [0.1, 0.05]) {
    const run = time(() => particleMeshVelocity(gaussianAttractionKernel, p, h), 3);
    const error = exact.reduce((s, v, k) => Math.max(s, Math.abs(v - run.result[k])), 0) / scale;
    rows.push({ n, method: `particle–mesh, h = ${h}`, ms: run.ms, error });
    console.log(rows[rows.length - 1]);
  }
  if (n <= 100_000) {
    const run = time(() => interactionVelocity(gaussianAttractionKernel, p), 1, 0);
    rows.push({ n, method: "exact pairs (WASM SIMD)", ms: run.ms, error: 0 });
    console.log(rows[rows.length - 1]);
  }
}
const info = machine();
writeResults("particle-mesh", { machine: info, rows });
const f = (v: unknown) => (typeof v === "number" ? v.toPrecision(3) : String(v));
updateBenchmarksDoc(
  "particle-mesh",
  `## Particle–mesh summation (2D, Gaussian attraction)\n\n${info.date.slice(0, 10)}, ${info.cpu}, Node ${info.node}; x ~ N(0, I), one thread, median of 3 (exact pairs: one run). Error: max |v_PM − v| / max |v| over 500 particles checked against the exact sum; second order in h. \`npx tsx bench/particleMesh.ts\` regenerates this table.\n\n` +
    "| N | method | ms | error |\n| --- | --- | --- | --- |\n" +
    rows.map((r) => `| ${r.n} | ${r.method} | ${f(r.ms)} | ${f(r.error)} |`).join("\n"),
);
