/**
 * Engine spike: what WebAssembly's fused multiply–add (relaxed SIMD) would give the float32
 * dense kernel. Builds the engine's own kernel (build/gemm32.ts, made by `npm run build`) as
 * is and with each multiply-then-add of its inner loop as `f32x4.relaxed_madd`, then times
 * gemmNT on the MLP's shape (1000×64 · (64×64)ᵀ), medians of 30 × 20 calls. Node 20 compiles
 * relaxed SIMD only under --experimental-wasm-relaxed-simd, set here before compiling.
 * Run: npx tsx bench/spikes/relaxedFma.ts
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import v8 from "node:v8";
import { ROOT, median } from "../common.js";

v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
const dir = mkdtempSync(join(tmpdir(), "fma-"));
const plain = readFileSync(join(ROOT, "build", "gemm32.ts"), "utf8");
const madd = /f32x4\.add\((s\d\d), f32x4\.mul\((x\d), (w\d)\)\)/g;
const fused = plain.replace(madd, "f32x4.relaxed_madd($2, $3, $1)");
if (fused === plain) throw new Error("no multiply–add found in build/gemm32.ts");

type Gemm = {
  memory: WebAssembly.Memory;
  gemmNT(...args: number[]): void;
};
function compile(name: string, source: string, features: string): Gemm {
  const src = join(dir, `${name}.ts`);
  const wasm = join(dir, `${name}.wasm`);
  writeFileSync(src, source);
  execFileSync(process.execPath, [
    join(ROOT, "node_modules", "assemblyscript", "bin", "asc.js"),
    src,
    "-O3",
    "--runtime",
    "stub",
    "--noAssert",
    "--enable",
    features,
    "-o",
    wasm,
  ]);
  const module = new WebAssembly.Module(readFileSync(wasm));
  return new WebAssembly.Instance(module, {}).exports as unknown as Gemm;
}

const [m, k, n] = [1000, 64, 64];
for (const [name, kernels] of [
  ["mul + add", compile("plain", plain, "simd")],
  ["relaxed_madd", compile("fused", fused, "simd,relaxed-simd")],
] as const) {
  const base = kernels.memory.buffer.byteLength;
  kernels.memory.grow(Math.ceil((4 * (m * k + n * k + m * n)) / 65536) + 1);
  const [a, b, c] = [base, base + 4 * m * k, base + 4 * (m * k + n * k)];
  const f = new Float32Array(kernels.memory.buffer);
  for (let i = a / 4; i < c / 4; i++) f[i] = Math.sin(i);
  const times: number[] = [];
  for (let rep = 0; rep < 30; rep++) {
    const t0 = performance.now();
    for (let j = 0; j < 20; j++) kernels.gemmNT(m, k, n, a, b, c, 0, 0, 0);
    times.push((performance.now() - t0) / 20);
  }
  const ms = median(times);
  console.log(`${name}: ${ms.toFixed(4)} ms, ${((m * k * n) / ms / 1e6).toFixed(1)} GMAC/s`);
}
