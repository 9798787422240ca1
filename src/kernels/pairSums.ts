/**
 * The hot pairwise sums of particle schemes in WebAssembly SIMD (assembly/interaction.ts):
 * the interaction velocity of the named kernels (ring, Gaussian attraction, log) and the
 * Gaussian KDE score, for unweighted particles in d ≤ 3. Each pair is visited once and
 * the two f64 lanes carry two partners at a time. Anything else (weights, d > 3, another
 * kernel, no WebAssembly) returns false and the caller uses its reference loop; the two are
 * tested against each other (test/kernels/pairSums.test.ts).
 */
import { instantiateEmbedded } from "../core/wasm.js";
import { interactionWasmBase64 } from "./interactionWasm.generated.js";

export type PairKind = "ring" | "gauss" | "log" | "kde";

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

/** Views on three regions of the module's memory (grown as needed): x, out, sums. */
function regions(m: Exports, n: number, d: number) {
  const mem = m.memory;
  if (base < 0) base = mem.buffer.byteLength;
  const bytes = (2 * n * d + n) * 8;
  const need = base + bytes - mem.buffer.byteLength;
  if (need > 0) mem.grow(Math.ceil(need / 65536));
  const buf = mem.buffer;
  return {
    x: new Float64Array(buf, base, n * d),
    out: new Float64Array(buf, base + n * d * 8, n * d),
    sums: new Float64Array(buf, base + 2 * n * d * 8, n),
  };
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
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) r.x[a * n + i] = x[i * d + a] * scale;
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
  /** Σ e^{−r²} (Gaussian) or Σ r² (log). */
  readonly sum: number;
  /** Σ ln r² (log only). */
  readonly logSum: number;
}

/**
 * The energy's pair sums for the Gaussian or log kernel in d ≤ 3 (on the points times `scale`),
 * or null when the fast path
 * cannot take the input: no WebAssembly, or (log) an r² outside [1e-300, 1e300], where the
 * running product that replaces one logarithm per pair is not exact to rounding.
 */
export function pairEnergySums(
  kind: "gauss" | "log",
  x: Float64Array,
  n: number,
  d: number,
  scale = 1,
): PairEnergySums | null {
  const loaded = loadPoints(x, n, d, scale, Math.max(n, 4)); // out holds four results even for n < 4
  if (!loaded) return null;
  const { m, r } = loaded;
  const fn = m[`${kind}Energy${d}`] as (n: number, x: number, out: number) => void;
  fn(n, r.x.byteOffset, r.out.byteOffset);
  const [sum, logSum, lo, hi] = r.out.subarray(0, 4);
  if (kind === "log" && !(lo >= 1e-300 && hi <= 1e300)) return null;
  if (!Number.isFinite(sum) || !Number.isFinite(logSum)) return null;
  return { sum, logSum };
}
