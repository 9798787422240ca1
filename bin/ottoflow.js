#!/usr/bin/env node
import v8 from "node:v8";

// Node 20 compiles WebAssembly relaxed SIMD (the dense kernels' fused multiply–add) only under
// this flag (later Node has it on); it must be set before any module is compiled.
v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
const { main } = await import("../dist/src/cli/main.js");
process.exitCode = await main(process.argv.slice(2));
