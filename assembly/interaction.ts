// Pairwise sums of radial kernels over particles, in WebAssembly SIMD (two f64 lanes).
// Coordinates live in planes (all x, then all y, …) so that two consecutive j load as one
// vector. Each pair i < j is visited once and its term added to i and subtracted from j,
// which halves the work; rows [rowStart, rowEnd) let several workers split one sum.
// Kernel kinds: 0 ring c = r² − 1; 1 Gaussian attraction c = (2/π)e^{−r²}; 2 log c = 1 − 1/r²;
// 3 KDE: weight e^{−r²} (coordinates pre-scaled by 1/(√2 h)), accumulating Σ_j K (x_j − x_i)
// and Σ_j K; 4 distance c = 1/r (the energy distance's −r, whose gradient is −δ/r).

const LOG2E: f64 = 1.4426950408889634;
const LN2_HI: f64 = 0.6931471803691238;
const LN2_LO: f64 = 1.9082149292705877e-10;
const TWO_OVER_PI: f64 = 0.6366197723675814;
const SHIFT: f64 = 6755399441055744.0; // 1.5·2⁵²

// The constants of expNeg, each twice (one v128), read from memory: V8 rebuilds a v128.const
// at every use (several instructions), while a load folds into the arithmetic.
const K = memory.data<f64>([
  -708.0, -708.0,
  2.0 * LOG2E, 2.0 * LOG2E,
  SHIFT, SHIFT,
  0.5 * LN2_HI, 0.5 * LN2_HI,
  0.5 * LN2_LO, 0.5 * LN2_LO,
  1.0, 1.0,
  1.0 / 2.0, 1.0 / 2.0,
  1.0 / 6.0, 1.0 / 6.0,
  1.0 / 24.0, 1.0 / 24.0,
  1.0 / 120.0, 1.0 / 120.0,
  1.0 / 720.0, 1.0 / 720.0,
  1.0 / 5040.0, 1.0 / 5040.0,
  1.0 / 40320.0, 1.0 / 40320.0,
  1.0 / 362880.0, 1.0 / 362880.0,
  1.0 / 3628800.0, 1.0 / 3628800.0,
  1.4142135623730951, 1.4142135623730951,
]);
// @ts-ignore: decorator
@inline const NEG_LIMIT_AT: usize = 0;
// @ts-ignore: decorator
@inline const TWO_LOG2E_AT: usize = 16;
// @ts-ignore: decorator
@inline const SHIFT_AT: usize = 32;
// @ts-ignore: decorator
@inline const HALF_LN2_HI_AT: usize = 48;
// @ts-ignore: decorator
@inline const HALF_LN2_LO_AT: usize = 64;
// @ts-ignore: decorator
@inline const ONE_AT: usize = 80;
// @ts-ignore: decorator
@inline const C2_AT: usize = 96;
// @ts-ignore: decorator
@inline const C3_AT: usize = 112;
// @ts-ignore: decorator
@inline const C4_AT: usize = 128;
// @ts-ignore: decorator
@inline const C5_AT: usize = 144;
// @ts-ignore: decorator
@inline const C6_AT: usize = 160;
// @ts-ignore: decorator
@inline const C7_AT: usize = 176;
// @ts-ignore: decorator
@inline const C8_AT: usize = 192;
// @ts-ignore: decorator
@inline const C9_AT: usize = 208;
// @ts-ignore: decorator
@inline const C10_AT: usize = 224;
// @ts-ignore: decorator
@inline const SQRT2_AT: usize = 240;

// e^{−r2} for r2 ≥ 0, two lanes, in half-octaves: k = round(2z·log₂e) by the 1.5·2⁵² shift
// (t's low mantissa bits then hold k as an integer), r = z − k·ln2/2 (Cody–Waite), so
// |r| ≤ ln2/4 and Taylor to degree 10 errs by < 1.1e-16; e^r in Estrin's form (depth 4),
// times 2^{⌊k/2⌋} from exponent bits and √2 when k is odd. Below e^{−708} the clamp
// returns e^{−708} ≈ 3e-308 instead of 0, which no sum of these terms can see.
// @ts-ignore: decorator
@inline
function expNeg(r2: v128): v128 {
  const z = f64x2.pmax(f64x2.neg(r2), v128.load(K + NEG_LIMIT_AT)); // pmax: one instruction
  const t = f64x2.add(f64x2.mul(z, v128.load(K + TWO_LOG2E_AT)), v128.load(K + SHIFT_AT));
  const k = f64x2.sub(t, v128.load(K + SHIFT_AT));
  let r = f64x2.sub(z, f64x2.mul(k, v128.load(K + HALF_LN2_HI_AT)));
  r = f64x2.sub(r, f64x2.mul(k, v128.load(K + HALF_LN2_LO_AT)));
  const rr = f64x2.mul(r, r);
  const r4 = f64x2.mul(rr, rr);
  const r8 = f64x2.mul(r4, r4);
  const q0 = f64x2.add(v128.load(K + ONE_AT), r);
  const q1 = f64x2.add(v128.load(K + C2_AT), f64x2.mul(v128.load(K + C3_AT), r));
  const q2 = f64x2.add(v128.load(K + C4_AT), f64x2.mul(v128.load(K + C5_AT), r));
  const q3 = f64x2.add(v128.load(K + C6_AT), f64x2.mul(v128.load(K + C7_AT), r));
  const q4 = f64x2.add(v128.load(K + C8_AT), f64x2.mul(v128.load(K + C9_AT), r));
  const s0 = f64x2.add(q0, f64x2.mul(q1, rr));
  const s1 = f64x2.add(q2, f64x2.mul(q3, rr));
  const u0 = f64x2.add(s0, f64x2.mul(s1, r4));
  const u1 = f64x2.add(q4, f64x2.mul(v128.load(K + C10_AT), rr));
  const p = f64x2.add(u0, f64x2.mul(u1, r8));
  // k sits in the low 32 bits of each lane of t. 32-bit lane ops only (V8 has no native
  // 64-bit arithmetic shift): copy k into both halves, halve it, build the exponent field in
  // the high half and clear the low half.
  const kk = i32x4.shuffle(t, t, 0, 0, 2, 2);
  const exponent = i32x4.shl(i32x4.add(i32x4.shr_s(kk, 1), i32x4.splat(1023)), 20);
  const scale = v128.and(exponent, i64x2.splat(0xffffffff00000000));
  const odd = i32x4.eq(v128.and(kk, i32x4.splat(1)), i32x4.splat(1));
  const root = v128.bitselect(v128.load(K + SQRT2_AT), v128.load(K + ONE_AT), odd);
  return f64x2.mul(f64x2.mul(p, scale), root);
}

// @ts-ignore: decorator
@inline
function coefficient(kind: i32, r2: v128): v128 {
  if (kind == 0) return f64x2.sub(r2, f64x2.splat(1.0));
  if (kind == 1) return f64x2.mul(f64x2.splat(TWO_OVER_PI), expNeg(r2));
  if (kind == 2) return f64x2.sub(f64x2.splat(1.0), f64x2.div(f64x2.splat(1.0), r2));
  if (kind == 4) return f64x2.div(f64x2.splat(1.0), f64x2.sqrt(r2));
  return expNeg(r2);
}

// @ts-ignore: decorator
@inline
function coefficientScalar(kind: i32, r2: f64): f64 {
  if (kind == 0) return r2 - 1.0;
  if (kind == 1) return TWO_OVER_PI * Math.exp(-r2);
  if (kind == 2) return 1.0 - 1.0 / r2;
  if (kind == 4) return 1.0 / Math.sqrt(r2);
  return Math.exp(-r2);
}

// a + c·δ for particle i, and out[j] −= c·δ for the partners j (the antisymmetric half).
// @ts-ignore: decorator
@inline
function accumulate(a: v128, at: usize, c: v128, delta: v128): v128 {
  const f = f64x2.mul(c, delta);
  v128.store(at, f64x2.sub(v128.load(at), f));
  return f64x2.add(a, f);
}

// Σ_{j≠i} c(|x_i − x_j|²)(x_i − x_j) into out (d planes of n, pre-zeroed by the caller),
// plus, for the KDE (kind 3), Σ_j K into sums (n values; the j = i term is the caller's).
// @ts-ignore: decorator
@inline
function pairs(kind: i32, d: i32, n: i32, x: usize, out: usize, sums: usize, rowStart: i32, rowEnd: i32): void {
  const plane = <usize>n << 3;
  for (let i = rowStart; i < rowEnd; i++) {
    const oi = <usize>i << 3;
    const x0 = f64x2.splat(load<f64>(x + oi));
    const x1 = d > 1 ? f64x2.splat(load<f64>(x + plane + oi)) : f64x2.splat(0);
    const x2 = d > 2 ? f64x2.splat(load<f64>(x + 2 * plane + oi)) : f64x2.splat(0);
    let a0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let a2 = f64x2.splat(0);
    let as = f64x2.splat(0);
    let j = i + 1;
    // Two vectors (four pairs) per pass: two independent exp chains keep the core busy.
    for (; j + 3 < n; j += 4) {
      const oj = <usize>j << 3;
      const ok = oj + 16;
      const d0 = f64x2.sub(x0, v128.load(x + oj));
      const e0 = f64x2.sub(x0, v128.load(x + ok));
      let r2 = f64x2.mul(d0, d0);
      let q2 = f64x2.mul(e0, e0);
      let d1 = f64x2.splat(0);
      let e1 = f64x2.splat(0);
      let d2 = f64x2.splat(0);
      let e2 = f64x2.splat(0);
      if (d > 1) {
        d1 = f64x2.sub(x1, v128.load(x + plane + oj));
        e1 = f64x2.sub(x1, v128.load(x + plane + ok));
        r2 = f64x2.add(r2, f64x2.mul(d1, d1));
        q2 = f64x2.add(q2, f64x2.mul(e1, e1));
      }
      if (d > 2) {
        d2 = f64x2.sub(x2, v128.load(x + 2 * plane + oj));
        e2 = f64x2.sub(x2, v128.load(x + 2 * plane + ok));
        r2 = f64x2.add(r2, f64x2.mul(d2, d2));
        q2 = f64x2.add(q2, f64x2.mul(e2, e2));
      }
      const c = coefficient(kind, r2);
      const cc = coefficient(kind, q2);
      a0 = accumulate(a0, out + oj, c, d0);
      a0 = accumulate(a0, out + ok, cc, e0);
      if (d > 1) {
        a1 = accumulate(a1, out + plane + oj, c, d1);
        a1 = accumulate(a1, out + plane + ok, cc, e1);
      }
      if (d > 2) {
        a2 = accumulate(a2, out + 2 * plane + oj, c, d2);
        a2 = accumulate(a2, out + 2 * plane + ok, cc, e2);
      }
      if (kind == 3) {
        as = f64x2.add(as, f64x2.add(c, cc));
        v128.store(sums + oj, f64x2.add(v128.load(sums + oj), c));
        v128.store(sums + ok, f64x2.add(v128.load(sums + ok), cc));
      }
    }
    let s0 = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
    let s1 = f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
    let s2 = f64x2.extract_lane(a2, 0) + f64x2.extract_lane(a2, 1);
    let ss = f64x2.extract_lane(as, 0) + f64x2.extract_lane(as, 1);
    for (; j < n; j++) {
      const oj = <usize>j << 3;
      const e0 = load<f64>(x + oi) - load<f64>(x + oj);
      let r2 = e0 * e0;
      let e1: f64 = 0;
      let e2: f64 = 0;
      if (d > 1) {
        e1 = load<f64>(x + plane + oi) - load<f64>(x + plane + oj);
        r2 += e1 * e1;
      }
      if (d > 2) {
        e2 = load<f64>(x + 2 * plane + oi) - load<f64>(x + 2 * plane + oj);
        r2 += e2 * e2;
      }
      const c = coefficientScalar(kind, r2);
      s0 += c * e0;
      store<f64>(out + oj, load<f64>(out + oj) - c * e0);
      if (d > 1) {
        s1 += c * e1;
        store<f64>(out + plane + oj, load<f64>(out + plane + oj) - c * e1);
      }
      if (d > 2) {
        s2 += c * e2;
        store<f64>(out + 2 * plane + oj, load<f64>(out + 2 * plane + oj) - c * e2);
      }
      if (kind == 3) {
        ss += c;
        store<f64>(sums + oj, load<f64>(sums + oj) + c);
      }
    }
    store<f64>(out + oi, load<f64>(out + oi) + s0);
    if (d > 1) store<f64>(out + plane + oi, load<f64>(out + plane + oi) + s1);
    if (d > 2) store<f64>(out + 2 * plane + oi, load<f64>(out + 2 * plane + oi) + s2);
    if (kind == 3) store<f64>(sums + oi, load<f64>(sums + oi) + ss);
  }
}

// One export per (kind, d) so that each inlined loop is specialised at compile time.
export function ring1(n: i32, x: usize, out: usize, s: usize, a: i32, b: i32): void { pairs(0, 1, n, x, out, s, a, b); }
export function ring2(n: i32, x: usize, out: usize, s: usize, a: i32, b: i32): void { pairs(0, 2, n, x, out, s, a, b); }
export function ring3(n: i32, x: usize, out: usize, s: usize, a: i32, b: i32): void { pairs(0, 3, n, x, out, s, a, b); }
export function gauss1(n: i32, x: usize, out: usize, s: usize, a: i32, b: i32): void { pairs(1, 1, n, x, out, s, a, b); }
export function gauss2(n: i32, x: usize, out: usize, s: usize, a: i32, b: i32): void { pairs(1, 2, n, x, out, s, a, b); }
export function gauss3(n: i32, x: usize, out: usize, s: usize, a: i32, b: i32): void { pairs(1, 3, n, x, out, s, a, b); }
export function log1(n: i32, x: usize, out: usize, s: usize, a: i32, b: i32): void { pairs(2, 1, n, x, out, s, a, b); }
export function log2(n: i32, x: usize, out: usize, s: usize, a: i32, b: i32): void { pairs(2, 2, n, x, out, s, a, b); }
export function log3(n: i32, x: usize, out: usize, s: usize, a: i32, b: i32): void { pairs(2, 3, n, x, out, s, a, b); }
export function kde1(n: i32, x: usize, out: usize, s: usize, a: i32, b: i32): void { pairs(3, 1, n, x, out, s, a, b); }
export function kde2(n: i32, x: usize, out: usize, s: usize, a: i32, b: i32): void { pairs(3, 2, n, x, out, s, a, b); }
export function kde3(n: i32, x: usize, out: usize, s: usize, a: i32, b: i32): void { pairs(3, 3, n, x, out, s, a, b); }
export function distance1(n: i32, x: usize, out: usize, s: usize, a: i32, b: i32): void { pairs(4, 1, n, x, out, s, a, b); }
export function distance2(n: i32, x: usize, out: usize, s: usize, a: i32, b: i32): void { pairs(4, 2, n, x, out, s, a, b); }
export function distance3(n: i32, x: usize, out: usize, s: usize, a: i32, b: i32): void { pairs(4, 3, n, x, out, s, a, b); }

// Energy sums over pairs i < j (unweighted): Σ e^{−r²} for the Gaussian (kind 1), Σ r for the
// distance (kind 4), and for the log kernel (kind 2) Σ r² and Σ ln r². The logarithm is taken once per row, of a running
// product: each r² is split into its exponent (summed as an integer) and its mantissa in
// [1, 2) (multiplied in), and the product is renormalised every 16 pairs, before it can
// overflow. The smallest and largest r² are kept: outside [1e-300, 1e300] (coincident
// particles, subnormals, infinities) the caller is told to use its reference loop.
// Rows [rowStart, rowEnd) of the triangle let a long sum report its progress between calls.
// Results at out: [the sum (Σ e^{−r²}, Σ r or Σ r²), Σ ln r², min r², max r²].
const MANTISSA: u64 = 0x000fffffffffffff;
const ONE_BITS: u64 = 0x3ff0000000000000;

// @ts-ignore: decorator
@inline
function split(v: v128, exponents: v128): v128 {
  return i64x2.add(exponents, i64x2.shr_u(v, 52));
}

// @ts-ignore: decorator
@inline
function mantissa(v: v128): v128 {
  return v128.or(v128.and(v, i64x2.splat(MANTISSA)), i64x2.splat(ONE_BITS));
}

// @ts-ignore: decorator
@inline
function energyPairs(kind: i32, d: i32, n: i32, x: usize, out: usize, rowStart: i32, rowEnd: i32): void {
  const plane = <usize>n << 3;
  let total: f64 = 0;
  let logs: f64 = 0;
  let lo = f64x2.splat(Infinity);
  let hi = f64x2.splat(0);
  for (let i = rowStart; i < rowEnd; i++) {
    const oi = <usize>i << 3;
    const x0 = f64x2.splat(load<f64>(x + oi));
    const x1 = d > 1 ? f64x2.splat(load<f64>(x + plane + oi)) : f64x2.splat(0);
    const x2 = d > 2 ? f64x2.splat(load<f64>(x + 2 * plane + oi)) : f64x2.splat(0);
    let acc = f64x2.splat(0);
    let product = f64x2.splat(1);
    let exponents = i64x2.splat(0);
    let count: i64 = 0;
    let j = i + 1;
    for (; j + 1 < n; j += 2) {
      const oj = <usize>j << 3;
      const d0 = f64x2.sub(x0, v128.load(x + oj));
      let r2 = f64x2.mul(d0, d0);
      if (d > 1) {
        const d1 = f64x2.sub(x1, v128.load(x + plane + oj));
        r2 = f64x2.add(r2, f64x2.mul(d1, d1));
      }
      if (d > 2) {
        const d2 = f64x2.sub(x2, v128.load(x + 2 * plane + oj));
        r2 = f64x2.add(r2, f64x2.mul(d2, d2));
      }
      if (kind == 1) {
        acc = f64x2.add(acc, expNeg(r2));
      } else if (kind == 4) {
        acc = f64x2.add(acc, f64x2.sqrt(r2));
      } else {
        acc = f64x2.add(acc, r2);
        lo = f64x2.pmin(lo, r2);
        hi = f64x2.pmax(hi, r2);
        exponents = split(r2, exponents);
        product = f64x2.mul(product, mantissa(r2));
        count += 2;
        if ((count & 31) == 0) {
          exponents = split(product, exponents);
          product = mantissa(product);
          count += 2; // the product's own exponent bias, one per lane
        }
      }
    }
    total += f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    if (kind == 2) {
      exponents = split(product, exponents);
      product = mantissa(product);
      count += 2;
      const e = i64x2.extract_lane(exponents, 0) + i64x2.extract_lane(exponents, 1) - 1023 * count;
      logs += <f64>e * Math.LN2 + Math.log(f64x2.extract_lane(product, 0)) + Math.log(f64x2.extract_lane(product, 1));
    }
    for (; j < n; j++) {
      const oj = <usize>j << 3;
      const e0 = load<f64>(x + oi) - load<f64>(x + oj);
      let r2 = e0 * e0;
      if (d > 1) {
        const e1 = load<f64>(x + plane + oi) - load<f64>(x + plane + oj);
        r2 += e1 * e1;
      }
      if (d > 2) {
        const e2 = load<f64>(x + 2 * plane + oi) - load<f64>(x + 2 * plane + oj);
        r2 += e2 * e2;
      }
      if (kind == 1) {
        total += Math.exp(-r2);
      } else if (kind == 4) {
        total += Math.sqrt(r2);
      } else {
        total += r2;
        logs += Math.log(r2);
        lo = f64x2.pmin(lo, f64x2.splat(r2));
        hi = f64x2.pmax(hi, f64x2.splat(r2));
      }
    }
  }
  store<f64>(out, total);
  store<f64>(out + 8, logs);
  store<f64>(out + 16, Math.min(f64x2.extract_lane(lo, 0), f64x2.extract_lane(lo, 1)));
  store<f64>(out + 24, Math.max(f64x2.extract_lane(hi, 0), f64x2.extract_lane(hi, 1)));
}

export function gaussEnergy1(n: i32, x: usize, out: usize, a: i32, b: i32): void { energyPairs(1, 1, n, x, out, a, b); }
export function gaussEnergy2(n: i32, x: usize, out: usize, a: i32, b: i32): void { energyPairs(1, 2, n, x, out, a, b); }
export function gaussEnergy3(n: i32, x: usize, out: usize, a: i32, b: i32): void { energyPairs(1, 3, n, x, out, a, b); }
export function logEnergy1(n: i32, x: usize, out: usize, a: i32, b: i32): void { energyPairs(2, 1, n, x, out, a, b); }
export function logEnergy2(n: i32, x: usize, out: usize, a: i32, b: i32): void { energyPairs(2, 2, n, x, out, a, b); }
export function logEnergy3(n: i32, x: usize, out: usize, a: i32, b: i32): void { energyPairs(2, 3, n, x, out, a, b); }
export function distanceEnergy1(n: i32, x: usize, out: usize, a: i32, b: i32): void { energyPairs(4, 1, n, x, out, a, b); }
export function distanceEnergy2(n: i32, x: usize, out: usize, a: i32, b: i32): void { energyPairs(4, 2, n, x, out, a, b); }
export function distanceEnergy3(n: i32, x: usize, out: usize, a: i32, b: i32): void { energyPairs(4, 3, n, x, out, a, b); }

// Sums over a second set of points y (m of them, in planes like x): for each x_i with i in
// [rowStart, rowEnd) (a long sum in calls, its caller told of the progress between them), Σ_j k(r²)
// into sums and, with grad, Σ_j c(r²)(x_i − y_j) into out (d planes of n). Kinds: 1 Gaussian,
// k = c = e^{−r²}; 4 distance, k = r and c = 1/r, taken as 0 at r = 0 (where the gradient of
// r is not defined, the pair is left out, as the reference loops do).
// @ts-ignore: decorator
@inline
function crossValue(kind: i32, r2: v128): v128 {
  return kind == 1 ? expNeg(r2) : f64x2.sqrt(r2);
}

// @ts-ignore: decorator
@inline
function crossSlope(kind: i32, r2: v128, k: v128): v128 {
  if (kind == 1) return k;
  const positive = f64x2.gt(r2, f64x2.splat(0));
  return v128.and(f64x2.div(f64x2.splat(1.0), k), positive);
}

// @ts-ignore: decorator
@inline
function crossPairs(kind: i32, d: i32, grad: bool, n: i32, x: usize, m: i32, y: usize, out: usize, sums: usize, rowStart: i32, rowEnd: i32): void {
  const xPlane = <usize>n << 3;
  const yPlane = <usize>m << 3;
  for (let i = rowStart; i < rowEnd; i++) {
    const oi = <usize>i << 3;
    const x0 = f64x2.splat(load<f64>(x + oi));
    const x1 = d > 1 ? f64x2.splat(load<f64>(x + xPlane + oi)) : f64x2.splat(0);
    const x2 = d > 2 ? f64x2.splat(load<f64>(x + 2 * xPlane + oi)) : f64x2.splat(0);
    let a0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let a2 = f64x2.splat(0);
    let as = f64x2.splat(0);
    let j = 0;
    // Two vectors (four partners) per pass, as in pairs.
    for (; j + 3 < m; j += 4) {
      const oj = <usize>j << 3;
      const ok = oj + 16;
      const d0 = f64x2.sub(x0, v128.load(y + oj));
      const e0 = f64x2.sub(x0, v128.load(y + ok));
      let r2 = f64x2.mul(d0, d0);
      let q2 = f64x2.mul(e0, e0);
      let d1 = f64x2.splat(0);
      let e1 = f64x2.splat(0);
      let d2 = f64x2.splat(0);
      let e2 = f64x2.splat(0);
      if (d > 1) {
        d1 = f64x2.sub(x1, v128.load(y + yPlane + oj));
        e1 = f64x2.sub(x1, v128.load(y + yPlane + ok));
        r2 = f64x2.add(r2, f64x2.mul(d1, d1));
        q2 = f64x2.add(q2, f64x2.mul(e1, e1));
      }
      if (d > 2) {
        d2 = f64x2.sub(x2, v128.load(y + 2 * yPlane + oj));
        e2 = f64x2.sub(x2, v128.load(y + 2 * yPlane + ok));
        r2 = f64x2.add(r2, f64x2.mul(d2, d2));
        q2 = f64x2.add(q2, f64x2.mul(e2, e2));
      }
      const k = crossValue(kind, r2);
      const kk = crossValue(kind, q2);
      as = f64x2.add(as, f64x2.add(k, kk));
      if (grad) {
        const c = crossSlope(kind, r2, k);
        const cc = crossSlope(kind, q2, kk);
        a0 = f64x2.add(a0, f64x2.add(f64x2.mul(c, d0), f64x2.mul(cc, e0)));
        if (d > 1) a1 = f64x2.add(a1, f64x2.add(f64x2.mul(c, d1), f64x2.mul(cc, e1)));
        if (d > 2) a2 = f64x2.add(a2, f64x2.add(f64x2.mul(c, d2), f64x2.mul(cc, e2)));
      }
    }
    let s0 = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
    let s1 = f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
    let s2 = f64x2.extract_lane(a2, 0) + f64x2.extract_lane(a2, 1);
    let ss = f64x2.extract_lane(as, 0) + f64x2.extract_lane(as, 1);
    for (; j < m; j++) {
      const oj = <usize>j << 3;
      const e0 = load<f64>(x + oi) - load<f64>(y + oj);
      let r2 = e0 * e0;
      let e1: f64 = 0;
      let e2: f64 = 0;
      if (d > 1) {
        e1 = load<f64>(x + xPlane + oi) - load<f64>(y + yPlane + oj);
        r2 += e1 * e1;
      }
      if (d > 2) {
        e2 = load<f64>(x + 2 * xPlane + oi) - load<f64>(y + 2 * yPlane + oj);
        r2 += e2 * e2;
      }
      const k = kind == 1 ? Math.exp(-r2) : Math.sqrt(r2);
      ss += k;
      if (grad) {
        const c = kind == 1 ? k : r2 > 0 ? 1.0 / k : 0.0;
        s0 += c * e0;
        s1 += c * e1;
        s2 += c * e2;
      }
    }
    store<f64>(sums + oi, ss);
    if (grad) {
      store<f64>(out + oi, s0);
      if (d > 1) store<f64>(out + xPlane + oi, s1);
      if (d > 2) store<f64>(out + 2 * xPlane + oi, s2);
    }
  }
}

export function gaussCross1(n: i32, x: usize, m: i32, y: usize, out: usize, s: usize, a: i32, b: i32): void { crossPairs(1, 1, true, n, x, m, y, out, s, a, b); }
export function gaussCross2(n: i32, x: usize, m: i32, y: usize, out: usize, s: usize, a: i32, b: i32): void { crossPairs(1, 2, true, n, x, m, y, out, s, a, b); }
export function gaussCross3(n: i32, x: usize, m: i32, y: usize, out: usize, s: usize, a: i32, b: i32): void { crossPairs(1, 3, true, n, x, m, y, out, s, a, b); }
export function distanceCross1(n: i32, x: usize, m: i32, y: usize, out: usize, s: usize, a: i32, b: i32): void { crossPairs(4, 1, true, n, x, m, y, out, s, a, b); }
export function distanceCross2(n: i32, x: usize, m: i32, y: usize, out: usize, s: usize, a: i32, b: i32): void { crossPairs(4, 2, true, n, x, m, y, out, s, a, b); }
export function distanceCross3(n: i32, x: usize, m: i32, y: usize, out: usize, s: usize, a: i32, b: i32): void { crossPairs(4, 3, true, n, x, m, y, out, s, a, b); }
export function gaussCrossSum1(n: i32, x: usize, m: i32, y: usize, out: usize, s: usize, a: i32, b: i32): void { crossPairs(1, 1, false, n, x, m, y, out, s, a, b); }
export function gaussCrossSum2(n: i32, x: usize, m: i32, y: usize, out: usize, s: usize, a: i32, b: i32): void { crossPairs(1, 2, false, n, x, m, y, out, s, a, b); }
export function gaussCrossSum3(n: i32, x: usize, m: i32, y: usize, out: usize, s: usize, a: i32, b: i32): void { crossPairs(1, 3, false, n, x, m, y, out, s, a, b); }
export function distanceCrossSum1(n: i32, x: usize, m: i32, y: usize, out: usize, s: usize, a: i32, b: i32): void { crossPairs(4, 1, false, n, x, m, y, out, s, a, b); }
export function distanceCrossSum2(n: i32, x: usize, m: i32, y: usize, out: usize, s: usize, a: i32, b: i32): void { crossPairs(4, 2, false, n, x, m, y, out, s, a, b); }
export function distanceCrossSum3(n: i32, x: usize, m: i32, y: usize, out: usize, s: usize, a: i32, b: i32): void { crossPairs(4, 3, false, n, x, m, y, out, s, a, b); }
