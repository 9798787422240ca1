/**
 * Buffers inside the WebAssembly memory of the dense kernels (assembly/gemm.ts in float64,
 * its four-lane float32 twin), so that kernels read and write them in place. One arena per
 * precision, each with its own module and memory. A buffer is an offset and a length; its
 * view is made on demand because growing the memory detaches every earlier view.
 *
 * Each precision has a second build whose products use relaxed SIMD's fused multiply–add
 * (scripts/embedWasm.mjs). It is taken where the engine compiles it (Chrome ≥ 114, Firefox
 * ≥ 145, Node ≥ 21, and Node 20 under --experimental-wasm-relaxed-simd, which the CLI sets),
 * otherwise the plain build. The two differ by rounding only (one rounding per product term
 * instead of two, or the same where the hardware has no FMA).
 */
import { NumericalError } from "../core/errors.js";
import { instantiateEmbedded } from "../core/wasm.js";
import { gemm32FmaWasmBase64 } from "./gemm32FmaWasm.generated.js";
import { gemm32WasmBase64 } from "./gemm32Wasm.generated.js";
import { gemmFmaWasmBase64 } from "./gemmFmaWasm.generated.js";
import { gemmWasmBase64 } from "./gemmWasm.generated.js";

export type Precision = "f64" | "f32";
/** Which build of the dense kernels an arena runs: with fused multiply–add, or plain. */
export type KernelBuild = "fma" | "plain";

const builds: Record<Precision, Record<KernelBuild, string>> = {
  f64: { fma: gemmFmaWasmBase64, plain: gemmWasmBase64 },
  f32: { fma: gemm32FmaWasmBase64, plain: gemm32WasmBase64 },
};

/** The fused build where the engine compiles relaxed SIMD, else the plain one. */
function instantiateKernels(precision: Precision, wanted: KernelBuild): [Kernels, KernelBuild] {
  if (wanted === "fma")
    try {
      return [instantiateEmbedded<Kernels>(builds[precision].fma, "dense kernel"), "fma"];
    } catch {
      // no relaxed SIMD in this engine: the plain build below
    }
  return [instantiateEmbedded<Kernels>(builds[precision].plain, "dense kernel"), "plain"];
}
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

/**
 * A bump allocator over one WebAssembly memory: buffers are offsets and lengths in it, never
 * freed — except by `release`, which gives back everything taken since a `mark`.
 */
export class Heap<K extends { memory: WebAssembly.Memory } = { memory: WebAssembly.Memory }> {
  readonly bytes: number;
  private top: number;

  constructor(
    readonly kernels: K,
    readonly precision: Precision,
  ) {
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

  /** Where the next buffer would start. */
  mark(): number {
    return this.top;
  }

  /**
   * Gives back every buffer taken since `mark()` returned `at`: they must not be used again, and
   * the buffers taken next start with whatever they held (not zeros).
   */
  release(at: number): void {
    this.top = at;
  }
}

/** The dense kernels' memory, one per precision. */
export class Arena extends Heap<Kernels> {
  /** The build in use: "fma" where the engine has relaxed SIMD (and it was not declined). */
  readonly build: KernelBuild;

  constructor(precision: Precision, wanted: KernelBuild = "fma") {
    let instance: [Kernels, KernelBuild];
    try {
      instance = instantiateKernels(precision, wanted);
    } catch (e) {
      throw new NumericalError(
        `the dense kernels need WebAssembly SIMD: ${(e as Error).message}`,
        "use Node ≥ 16.4 or a current browser",
      );
    }
    super(instance[0], precision);
    this.build = instance[1];
  }
}

/** A buffer in an arena. Never freed: networks allocate once and reuse. */
export class Buf {
  private view?: Floats;

  constructor(
    readonly arena: Heap,
    readonly offset: number,
    readonly length: number,
  ) {}

  /** A view, made again after the memory grew (which empties the earlier ones). */
  get data(): Floats {
    const buffer = this.arena.kernels.memory.buffer;
    if (this.view?.buffer !== buffer)
      this.view =
        this.arena.precision === "f64"
          ? new Float64Array(buffer, this.offset, this.length)
          : new Float32Array(buffer, this.offset, this.length);
    return this.view;
  }
}

let arenas: Partial<Record<Precision, Arena>> = {};
let preferred: KernelBuild = "fma";

export function arena(precision: Precision = "f64"): Arena {
  return (arenas[precision] ??= new Arena(precision, preferred));
}

/**
 * The build that networks made from now on use ("plain": the same results on every machine,
 * where fused multiply–add rounds differently by hardware). Networks made before keep theirs.
 */
export function setKernelBuild(build: KernelBuild): void {
  preferred = build;
  arenas = {};
}

/** The float64 kernels and buffers (shortcuts for the default arena). */
export const wasmKernels = (): Kernels => arena("f64").kernels;
export const alloc = (length: number): Buf => arena("f64").alloc(length);
export const allocFrom = (values: ArrayLike<number>): Buf => arena("f64").allocFrom(values);
