/**
 * Float64 buffers inside the WebAssembly memory of the dense kernels (assembly/gemm.ts), so
 * that kernels read and write them in place. A buffer is an offset and a length; its view is
 * made on demand because growing the memory detaches every earlier view.
 */
import { NumericalError } from "../core/errors.js";
import { instantiateEmbedded } from "../core/wasm.js";
import { gemmWasmBase64 } from "./gemmWasm.generated.js";

interface Kernels {
  memory: WebAssembly.Memory;
  gemmNT(
    m: number,
    k: number,
    n: number,
    a: number,
    b: number,
    c: number,
    bias: number,
    act: number,
    slope: number,
  ): void;
  transpose(rows: number, cols: number, src: number, dst: number): void;
  linearPrelu(
    m: number,
    k: number,
    n: number,
    a: number,
    b: number,
    bias: number,
    pre: number,
    act: number,
    slope: number,
  ): void;
  preluBackward(total: number, g: number, pre: number, gz: number, slope: number): number;
  rowSumsAccumulate(n: number, m: number, a: number, out: number): void;
}

let kernels: Kernels | undefined;
let top = -1;

export function wasmKernels(): Kernels {
  if (!kernels) {
    try {
      kernels = instantiateEmbedded<Kernels>(gemmWasmBase64, "dense kernel");
    } catch (e) {
      throw new NumericalError(
        `the dense kernels need WebAssembly SIMD: ${(e as Error).message}`,
        "use Node ≥ 16.4 or a current browser",
      );
    }
    top = kernels.memory.buffer.byteLength;
  }
  return kernels;
}

/** A float64 buffer in kernel memory. Never freed: networks allocate once and reuse. */
export class Buf {
  constructor(
    readonly offset: number,
    readonly length: number,
  ) {}

  /** A fresh view (valid until the memory next grows). */
  get data(): Float64Array {
    return new Float64Array(wasmKernels().memory.buffer, this.offset, this.length);
  }
}

export function alloc(length: number): Buf {
  const k = wasmKernels();
  const offset = Math.ceil(top / 16) * 16; // v128 loads prefer 16-byte alignment
  const end = offset + 8 * length;
  const need = end - k.memory.buffer.byteLength;
  if (need > 0) k.memory.grow(Math.ceil(need / 65536));
  top = end;
  return new Buf(offset, length);
}

export function allocFrom(values: ArrayLike<number>): Buf {
  const b = alloc(values.length);
  b.data.set(values);
  return b;
}
