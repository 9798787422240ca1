/**
 * Products of many rows with one small d×d matrix, in float64 WebAssembly (assembly/rows.ts):
 * the variational JKO's reference sampler z = m + Lξ and its Gaussian log-density with its
 * gradient. Rows go two to a SIMD vector and each row's arithmetic is that of the scalar loop it
 * replaces, in the same order, so the results are that loop's bit for bit.
 *
 * The kernels work in their own memory: a step takes its buffers there (`rowHeap().alloc`)
 * after a `mark()` and gives them back with `release` when it ends, so that every step reuses
 * the same memory.
 */
import { NumericalError } from "../core/errors.js";
import { instantiateEmbedded } from "../core/wasm.js";
import { type Buf, Heap } from "./arena.js";
import { rowsWasmBase64 } from "./rowsWasm.generated.js";

export interface RowKernels {
  memory: WebAssembly.Memory;
  /**
   * out[r][i] = start[i] + Σ_j A[i][j]·x[r][j] (j ≤ i when `lower` is 1; start 0: none), the terms
   * added one after the other; `t` a scratch of 4d values.
   */
  affineRows(
    m: number,
    d: number,
    A: number,
    lower: number,
    x: number,
    start: number,
    out: number,
    t: number,
  ): void;
  /**
   * c = y − mean, s = P·c per row: values[r] = −½ Σ_i c_i·s_i, dy[r][i] −= scale·s_i;
   * `t` a scratch of 4d values.
   */
  gaussianRows(
    m: number,
    d: number,
    P: number,
    mean: number,
    y: number,
    dy: number,
    scale: number,
    values: number,
    t: number,
  ): void;
}

let heap: Heap<RowKernels> | undefined;

/** The row kernels and their memory (instantiated on first use). */
export function rowHeap(): Heap<RowKernels> {
  if (!heap)
    try {
      heap = new Heap(instantiateEmbedded<RowKernels>(rowsWasmBase64, "row kernel"), "f64");
    } catch (e) {
      throw new NumericalError(
        `the row kernels need WebAssembly SIMD: ${(e as Error).message}`,
        "use Node ≥ 16.4 or a current browser",
      );
    }
  return heap;
}

/** out = start + A·x row by row (x and out m×d, A d×d, start d or none). */
export function affineRows(
  m: number,
  d: number,
  A: Buf,
  lower: boolean,
  x: Buf,
  start: Buf | null,
  out: Buf,
  scratch: Buf,
): void {
  rowHeap().kernels.affineRows(
    m,
    d,
    A.offset,
    lower ? 1 : 0,
    x.offset,
    start ? start.offset : 0,
    out.offset,
    scratch.offset,
  );
}
