/**
 * Engine spike: what a second thread would give the dense kernels. The float32 GEMM of the
 * engine (build/gemm32.ts, made by `npm run build`) is built on a shared memory; a worker
 * and this thread each multiply half of the batch (500 of 1000 rows) by the same 64×64
 * weights, meeting at a barrier (Atomics.wait/notify) after every product — as a
 * data-parallel forward/backward pass would, layer by layer. Reports one-thread and
 * two-thread times per product (medians of 30 × 200 products) and the parallel efficiency.
 * Run: npx tsx bench/spikes/twoThreads.ts
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { ROOT, median } from "../common.js";

const wasmPath = join(mkdtempSync(join(tmpdir(), "threads-")), "gemm32.wasm");
execFileSync(process.execPath, [
  join(ROOT, "node_modules", "assemblyscript", "bin", "asc.js"),
  join(ROOT, "build", "gemm32.ts"),
  "-O3",
  "--runtime",
  "stub",
  "--noAssert",
  "--importMemory",
  "--sharedMemory",
  "--initialMemory",
  "64",
  "--maximumMemory",
  "64",
  "--enable",
  "simd,threads",
  "-o",
  wasmPath,
]);
const module = new WebAssembly.Module(readFileSync(wasmPath));
const memory = new WebAssembly.Memory({ initial: 64, maximum: 64, shared: true });
type Gemm = { gemmNT(...args: number[]): void };
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Gemm;

const [m, k, n] = [1000, 64, 64];
const a = 1 << 20; // past the module's static data
const b = a + 4 * m * k;
const c = b + 4 * n * k;
const f = new Float32Array(memory.buffer);
for (let i = a / 4; i < (c + 4 * m * n) / 4; i++) f[i] = Math.sin(i);

// control[0]: generation posted by this thread; control[1]: generation finished by the worker
const control = new Int32Array(new SharedArrayBuffer(8));
const worker = new Worker(
  `const { workerData } = require("node:worker_threads");
   const { module, memory, control, half, args } = workerData;
   const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
   const [m, kk, n, a, b, c] = args;
   for (let gen = 1; ; gen++) {
     Atomics.wait(control, 0, gen - 1);
     if (Atomics.load(control, 0) < 0) break;
     k.gemmNT(half, kk, n, a + 4 * half * kk, b, c + 4 * half * n, 0, 0, 0);
     Atomics.store(control, 1, gen);
     Atomics.notify(control, 1);
   }`,
  { eval: true, workerData: { module, memory, control, half: m / 2, args: [m, k, n, a, b, c] } },
);

const reps = 200;
function oneThread(): number {
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) kernels.gemmNT(m, k, n, a, b, c, 0, 0, 0);
  return (performance.now() - t0) / reps;
}
let generation = 0;
function twoThreads(): number {
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) {
    Atomics.store(control, 0, ++generation);
    Atomics.notify(control, 0);
    kernels.gemmNT(m / 2, k, n, a, b, c, 0, 0, 0);
    while (Atomics.load(control, 1) !== generation) Atomics.wait(control, 1, generation - 1);
  }
  return (performance.now() - t0) / reps;
}
// check: the two halves give the one-thread product
kernels.gemmNT(m, k, n, a, b, c, 0, 0, 0);
const reference = Float32Array.from(new Float32Array(memory.buffer, c, m * n));
new Float32Array(memory.buffer, c, m * n).fill(0);
twoThreads();
const both = new Float32Array(memory.buffer, c, m * n);
if (both.some((v, i) => v !== reference[i])) throw new Error("two-thread product differs");

const one: number[] = [];
const two: number[] = [];
for (let s = 0; s < 30; s++) {
  one.push(oneThread());
  two.push(twoThreads());
}
const [t1, t2] = [median(one), median(two)];
console.log(
  `one thread ${(t1 * 1000).toFixed(1)} µs, two threads ${(t2 * 1000).toFixed(1)} µs per product: speed-up ${(t1 / t2).toFixed(2)}, efficiency ${((t1 / t2 / 2) * 100).toFixed(0)} %`,
);
Atomics.store(control, 0, -1);
Atomics.notify(control, 0);
await worker.terminate();
