/**
 * Buffers inside the WebAssembly memory of the dense kernels (assembly/gemm.ts in float64,
 * its four-lane float32 twin), so that kernels read and write them in place. One arena per
 * precision, each with its own module and memory. A buffer is an offset and a length; its
 * view is made on demand because growing the memory detaches every earlier view.
 */
import { NumericalError } from "../core/errors.js";
import { instantiateEmbedded } from "../core/wasm.js";
import { gemm32WasmBase64 } from "./gemm32Wasm.generated.js";
import { gemmWasmBase64 } from "./gemmWasm.generated.js";

export type Precision = "f64" | "f32";
export type Floats = Float64Array | Float32Array;

export interface Kernels {
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

export class Arena {
  readonly kernels: Kernels;
  readonly bytes: number;
  private top: number;

  constructor(readonly precision: Precision) {
    try {
      this.kernels = instantiateEmbedded<Kernels>(
        precision === "f64" ? gemmWasmBase64 : gemm32WasmBase64,
        "dense kernel",
      );
    } catch (e) {
      throw new NumericalError(
        `the dense kernels need WebAssembly SIMD: ${(e as Error).message}`,
        "use Node ≥ 16.4 or a current browser",
      );
    }
    this.bytes = precision === "f64" ? 8 : 4;
    this.top = this.kernels.memory.buffer.byteLength;
  }

  alloc(length: number): Buf {
    const offset = Math.ceil(this.top / 16) * 16; // v128 loads prefer 16-byte alignment
    const end = offset + this.bytes * length;
    const need = end - this.kernels.memory.buffer.byteLength;
    if (need > 0) this.kernels.memory.grow(Math.ceil(need / 65536));
    this.top = end;
    return new Buf(this, offset, length);
  }

  allocFrom(values: ArrayLike<number>): Buf {
    const b = this.alloc(values.length);
    b.data.set(values);
    return b;
  }
}

/** A buffer in an arena. Never freed: networks allocate once and reuse. */
export class Buf {
  constructor(
    readonly arena: Arena,
    readonly offset: number,
    readonly length: number,
  ) {}

  /** A fresh view (valid until the memory next grows). */
  get data(): Floats {
    const buffer = this.arena.kernels.memory.buffer;
    return this.arena.precision === "f64"
      ? new Float64Array(buffer, this.offset, this.length)
      : new Float32Array(buffer, this.offset, this.length);
  }
}

const arenas: Partial<Record<Precision, Arena>> = {};

export function arena(precision: Precision = "f64"): Arena {
  return (arenas[precision] ??= new Arena(precision));
}

/** The float64 kernels and buffers (shortcuts for the default arena). */
export const wasmKernels = (): Kernels => arena("f64").kernels;
export const alloc = (length: number): Buf => arena("f64").alloc(length);
export const allocFrom = (values: ArrayLike<number>): Buf => arena("f64").allocFrom(values);
