/**
 * The hot pairwise sums of particle schemes in WebAssembly SIMD (assembly/interaction.ts):
 * the interaction velocity of the named kernels (ring, Gaussian attraction, log, distance),
 * the Gaussian KDE score, and sums over a second set of points (a potential of samples, a
 * discrepancy to them), for unweighted particles in d ≤ 3. Each pair is visited once and
 * the two f64 lanes carry two partners at a time. Anything else (weights, d > 3, another
 * kernel, no WebAssembly) returns false and the caller uses its reference loop; the two are
 * tested against each other (test/kernels/pairSums.test.ts).
 */
import { instantiateEmbedded } from "../core/wasm.js";
import { interactionWasmBase64 } from "./interactionWasm.generated.js";

export type PairKind = "ring" | "gauss" | "log" | "kde" | "distance";

/**
 * The scale that turns a Gaussian of width s, e^{−|x − y|²/(2s²)}, into the sums' e^{−r²}: on
 * the points times 1/(√2 s).
 */
export function gaussianPointScale(width: number): number {
  return 1 / (Math.SQRT2 * width);
}

interface Exports {
  memory: WebAssembly.Memory;
  [name: string]: unknown;
}

let instance: Exports | null | undefined;

/** The module, compiled synchronously on first use (null where WebAssembly SIMD is missing). */
function module(): Exports | null {
  if (instance !== undefined) return instance;
  try {
    instance = instantiateEmbedded<Exports>(interactionWasmBase64, "pair-sum kernel");
  } catch {
    instance = null;
  }
  return instance;
}

/** Whether the fast path is available here (false: every caller falls back to TS). */
export function pairSumsAvailable(): boolean {
  return module() !== null;
}

let base = -1;

/** Consecutive views on the module's memory (grown as needed), of the given lengths. */
function carve(m: Exports, lengths: number[]): Float64Array[] {
  const mem = m.memory;
  if (base < 0) base = mem.buffer.byteLength;
  const bytes = lengths.reduce((s, l) => s + l, 0) * 8;
  const need = base + bytes - mem.buffer.byteLength;
  if (need > 0) mem.grow(Math.ceil(need / 65536));
  let at = base;
  return lengths.map((l) => {
    const view = new Float64Array(mem.buffer, at, l);
    at += l * 8;
    return view;
  });
}

/** Views on three regions of the module's memory: x, out, sums. */
function regions(m: Exports, n: number, d: number) {
  const [x, out, sums] = carve(m, [n * d, n * d, n]);
  return { x, out, sums };
}

/** Row-major points (N×d) written into `plane` as d planes of n, times scale. */
function toPlanes(x: Float64Array, n: number, d: number, scale: number, plane: Float64Array) {
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) plane[a * n + i] = x[i * d + a] * scale;
}

/**
 * The module and its regions (sized for `capacity` ≥ n points) with the row-major points
 * written in as d planes of n, scaled; null when the fast path cannot take d or n.
 */
function loadPoints(x: Float64Array, n: number, d: number, scale: number, capacity: number) {
  if (d < 1 || d > 3 || n < 2) return null;
  const m = module();
  if (!m) return null;
  const r = regions(m, capacity, d);
  toPlanes(x, n, d, scale, r.x);
  return { m, r };
}

export interface PairSums {
  /** Σ_{j≠i} c_ij (x_i − x_j) as d planes of n (coordinate a of particle i at a·n + i). */
  readonly out: Float64Array;
  /** Σ_{j≠i} c_ij (the KDE only). */
  readonly sums: Float64Array;
}

/**
 * Runs one pair sum over rows [rowStart, rowEnd) (all rows by default) on points given
 * row-major (N×d), optionally scaled first (the KDE's 1/(√2 h)). Returns copies of the sums,
 * or null when the fast path cannot take this input.
 */
export function pairSums(
  kind: PairKind,
  x: Float64Array,
  n: number,
  d: number,
  scale = 1,
  rowStart = 0,
  rowEnd = n,
): PairSums | null {
  const loaded = loadPoints(x, n, d, scale, n);
  if (!loaded) return null;
  const { m, r } = loaded;
  r.out.fill(0);
  r.sums.fill(0);
  const fn = m[`${kind}${d}`] as (
    n: number,
    x: number,
    out: number,
    sums: number,
    a: number,
    b: number,
  ) => void;
  fn(n, r.x.byteOffset, r.out.byteOffset, r.sums.byteOffset, rowStart, rowEnd);
  return { out: Float64Array.from(r.out), sums: Float64Array.from(r.sums) };
}

/** The pair sums behind an interaction energy (each pair i < j once, unweighted). */
export interface PairEnergySums {
  /** Σ e^{−r²} (Gaussian), Σ r (distance) or Σ r² (log). */
  readonly sum: number;
  /** Σ ln r² (log only). */
  readonly logSum: number;
}

/**
 * Rows per call of a sum that reports its progress (`onRows`): the caller hears between calls.
 * The points are loaded once; the blocks are the same whether anyone listens or not.
 */
const ROWS_PER_CALL = 64;

/** The rows [start, end) of each call: all at once, or ROWS_PER_CALL at a time when metered. */
function rowBlocks(n: number, metered: boolean): [number, number][] {
  const step = metered ? ROWS_PER_CALL : Math.max(n, 1);
  const blocks: [number, number][] = [];
  for (let r0 = 0; r0 < n; r0 += step) blocks.push([r0, Math.min(n, r0 + step)]);
  return blocks;
}

/** Options of the sums: the points' scale, and a listener told the rows done after each call. */
export interface SumOptions {
  /** Multiplies the points before the sum (default 1). */
  scale?: number;
  /** When given, the sum runs in calls of 64 rows and is told the rows done after each. */
  onRows?: (done: number, total: number) => void;
}

/**
 * The energy's pair sums for the Gaussian, distance or log kernel in d ≤ 3 (on the points
 * times `scale`), or null when the fast path cannot take the input: no WebAssembly, or (log) an
 * r² outside [1e-300, 1e300], where the running product that replaces one logarithm per pair is
 * not exact to rounding. With `onRows`, row i's pairs (i, j > i) count as row i done.
 */
export function pairEnergySums(
  kind: "gauss" | "log" | "distance",
  x: Float64Array,
  n: number,
  d: number,
  { scale = 1, onRows }: SumOptions = {},
): PairEnergySums | null {
  const loaded = loadPoints(x, n, d, scale, Math.max(n, 4)); // out holds four results even for n < 4
  if (!loaded) return null;
  const { m, r } = loaded;
  const fn = m[`${kind}Energy${d}`] as (
    n: number,
    x: number,
    out: number,
    rowStart: number,
    rowEnd: number,
  ) => void;
  let [sum, logSum, lo, hi] = [0, 0, Infinity, 0];
  for (const [r0, r1] of rowBlocks(n, onRows !== undefined)) {
    fn(n, r.x.byteOffset, r.out.byteOffset, r0, r1);
    sum += r.out[0];
    logSum += r.out[1];
    lo = Math.min(lo, r.out[2]);
    hi = Math.max(hi, r.out[3]);
    onRows?.(r1, n);
  }
  if (kind === "log" && !(lo >= 1e-300 && hi <= 1e300)) return null;
  if (!Number.isFinite(sum) || !Number.isFinite(logSum)) return null;
  return { sum, logSum };
}

/** The kernels of the sums over a second set: e^{−r²} (gauss) or r (distance). */
export type CrossKind = "gauss" | "distance";

export interface CrossSums {
  /** Σ_j k(|x_i − y_j|²) for each x_i. */
  readonly sums: Float64Array;
  /**
   * With the gradient asked for: Σ_j c(|x_i − y_j|²)(x_i − y_j) as d planes of n, where c = k
   * for the Gaussian and c = 1/r for the distance (pairs at r = 0 left out).
   */
  readonly out?: Float64Array;
}

/**
 * Sums over the points y (m of them) at each point x_i (n of them), both row-major N×d and
 * multiplied by `scale` first; null when the fast path cannot take the input (no
 * WebAssembly, d outside 1–3, an empty set, a non-finite sum).
 */
export function crossSums(
  kind: CrossKind,
  x: Float64Array,
  n: number,
  y: Float64Array,
  m: number,
  d: number,
  { scale = 1, onRows, gradient = false }: SumOptions & { gradient?: boolean } = {},
): CrossSums | null {
  if (d < 1 || d > 3 || n < 1 || m < 1) return null;
  const mod = module();
  if (!mod) return null;
  const [xs, ys, out, sums] = carve(mod, [n * d, m * d, n * d, n]);
  toPlanes(x, n, d, scale, xs);
  toPlanes(y, m, d, scale, ys);
  const fn = mod[`${kind}${gradient ? "Cross" : "CrossSum"}${d}`] as (
    n: number,
    x: number,
    m: number,
    y: number,
    out: number,
    sums: number,
    rowStart: number,
    rowEnd: number,
  ) => void;
  for (const [r0, r1] of rowBlocks(n, onRows !== undefined)) {
    fn(n, xs.byteOffset, m, ys.byteOffset, out.byteOffset, sums.byteOffset, r0, r1);
    onRows?.(r1, n);
  }
  const result = {
    sums: Float64Array.from(sums),
    out: gradient ? Float64Array.from(out) : undefined,
  };
  if (!result.sums.every(Number.isFinite) || (result.out && !result.out.every(Number.isFinite)))
    return null;
  return result;
}
