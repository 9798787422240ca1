/**
 * Engine spike: the throughput of a WebAssembly SIMD f32 GEMM (assembly/spikes/gemm.ts,
 * C = A·Bᵀ, 2 rows × 4 outputs per register block) on the MLP's shape, batch 1000 × width 64.
 * Run: npx tsx bench/spikes/gemm.ts
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, median } from "../common.js";

const out = join(mkdtempSync(join(tmpdir(), "gemm-")), "gemm.wasm");
execFileSync(process.execPath, [
  join(ROOT, "node_modules", "assemblyscript", "bin", "asc.js"),
  join(ROOT, "assembly", "spikes", "gemm.ts"),
  "-O3",
  "--runtime",
  "stub",
  "--noAssert",
  "--enable",
  "simd",
  "-o",
  out,
]);
const { instance } = await WebAssembly.instantiate(readFileSync(out), { env: { abort() {} } });
const ex = instance.exports as unknown as {
  memory: WebAssembly.Memory;
  gemm32(m: number, k: number, n: number, a: number, b: number, c: number): void;
};
const [m, k, n] = [1000, 64, 64];
const base = ex.memory.buffer.byteLength;
ex.memory.grow(Math.ceil(((m * k + n * k + m * n) * 4) / 65536) + 1);
const A = new Float32Array(ex.memory.buffer, base, m * k);
const B = new Float32Array(ex.memory.buffer, base + m * k * 4, n * k);
const C = new Float32Array(ex.memory.buffer, base + (m * k + n * k) * 4, m * n);
A.forEach((_, i) => (A[i] = Math.sin(i)));
B.forEach((_, i) => (B[i] = Math.cos(i)));
const run = () => ex.gemm32(m, k, n, A.byteOffset, B.byteOffset, C.byteOffset);
for (let w = 0; w < 50; w++) run();
const rounds: number[] = [];
for (let r = 0; r < 5; r++) {
  const t0 = performance.now();
  for (let w = 0; w < 200; w++) run();
  rounds.push((performance.now() - t0) / 200);
}
let err = 0;
for (const [r, o] of [
  [0, 0],
  [999, 63],
  [500, 17],
]) {
  let s = 0;
  for (let i = 0; i < k; i++) s += A[r * k + i] * B[o * k + i];
  err = Math.max(err, Math.abs(s - C[r * n + o]));
}
const ms = median(rounds);
console.log({ ms_per_gemm: ms, gflops: (2 * m * k * n) / (ms * 1e6), max_abs_error_vs_f64: err });
