// Threefry-2x32 with 20 rounds (src/random/threefry.ts) on four counters at once, and the
// uniforms that src/random/sample.ts makes of its two output words: bits = (w0 >>> 5)·2^26 +
// (w1 >>> 6), u = (bits + 0.5)·2^-53. Integer arithmetic, and float64 operations that are the
// ones of the TypeScript (each exact or rounded once the same way), so the values are
// identical to it.

// The rotation of round q (0 … 3) of group s: 13, 15, 26, 6 in even groups, 17, 29, 16, 24 in
// odd ones (Threefry-2x32).
// @ts-ignore: decorator
@inline
function rotation(s: u32, q: i32): i32 {
  if (s & 1) return q == 0 ? 17 : q == 1 ? 29 : q == 2 ? 16 : 24;
  return q == 0 ? 13 : q == 1 ? 15 : q == 2 ? 26 : 6;
}

// Key word i of the schedule (k0, k1, k2).
// @ts-ignore: decorator
@inline
function keyWord(i: u32, k0: u32, k1: u32, k2: u32): u32 {
  return i == 0 ? k0 : i == 1 ? k1 : k2;
}

// One round on four counters: x0 += x1, x1 = rotl(x1, r) ^ x0.
// @ts-ignore: decorator
@inline
function mixed(x0: v128, x1: v128, r: i32): v128 {
  return v128.xor(v128.or(i32x4.shl(x1, r), i32x4.shr_u(x1, 32 - r)), x0);
}

// Writes n uniforms of key (k0, k1) for the counters (hi, lo + j), j = 0 … n − 1, at `out`;
// lo + n must not pass 2^32 (the caller splits its stream there).
export function uniforms(k0: u32, k1: u32, hi: u32, lo: u32, n: i32, out: usize): void {
  const k2 = 0x1bd11bda ^ k0 ^ k1;
  const lanes = i32x4(0, 1, 2, 3);
  let j = 0;
  // four independent blocks of four counters per iteration: the rounds of one block depend on
  // each other, the blocks do not
  for (; j + 15 < n; j += 16) {
    let x00 = i32x4.splat(hi + k0);
    let x01 = i32x4.add(i32x4.splat(lo + <u32>(j + 0) + k1), lanes);
    let x10 = i32x4.splat(hi + k0);
    let x11 = i32x4.add(i32x4.splat(lo + <u32>(j + 4) + k1), lanes);
    let x20 = i32x4.splat(hi + k0);
    let x21 = i32x4.add(i32x4.splat(lo + <u32>(j + 8) + k1), lanes);
    let x30 = i32x4.splat(hi + k0);
    let x31 = i32x4.add(i32x4.splat(lo + <u32>(j + 12) + k1), lanes);
    // five groups of four rounds, each followed by the key injection s + 1
    for (let s: u32 = 0; s < 5; s++) {
      for (let q = 0; q < 4; q++) {
        const r = rotation(s, q);
        x00 = i32x4.add(x00, x01); x01 = mixed(x00, x01, r);
        x10 = i32x4.add(x10, x11); x11 = mixed(x10, x11, r);
        x20 = i32x4.add(x20, x21); x21 = mixed(x20, x21, r);
        x30 = i32x4.add(x30, x31); x31 = mixed(x30, x31, r);
      }
      const a = i32x4.splat(keyWord((s + 1) % 3, k0, k1, k2));
      const b = i32x4.splat(keyWord((s + 2) % 3, k0, k1, k2) + s + 1);
      x00 = i32x4.add(x00, a); x01 = i32x4.add(x01, b);
      x10 = i32x4.add(x10, a); x11 = i32x4.add(x11, b);
      x20 = i32x4.add(x20, a); x21 = i32x4.add(x21, b);
      x30 = i32x4.add(x30, a); x31 = i32x4.add(x31, b);
    }
    put4(out + (<usize>(j + 0) << 3), x00, x01);
    put4(out + (<usize>(j + 4) << 3), x10, x11);
    put4(out + (<usize>(j + 8) << 3), x20, x21);
    put4(out + (<usize>(j + 12) << 3), x30, x31);
  }
  for (; j < n; j++) store<f64>(out + (<usize>j << 3), uniform(k0, k1, k2, hi, lo + <u32>j));
}

// The uniforms of four counters' output words (w0, w1), stored at `at`.
// @ts-ignore: decorator
@inline
function put4(at: usize, w0: v128, w1: v128): void {
  const scale = f64x2.splat(67108864);
  const half = f64x2.splat(0.5);
  const ulp = f64x2.splat(1.1102230246251565e-16); // 2^-53
  const a = i32x4.shr_u(w0, 5);
  const b = i32x4.shr_u(w1, 6);
  const bits01 = f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_u(a), scale), f64x2.convert_low_i32x4_u(b));
  const a23 = i32x4.shuffle(a, a, 2, 3, 2, 3);
  const b23 = i32x4.shuffle(b, b, 2, 3, 2, 3);
  const bits23 = f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_u(a23), scale), f64x2.convert_low_i32x4_u(b23));
  v128.store(at, f64x2.mul(f64x2.add(bits01, half), ulp));
  v128.store(at + 16, f64x2.mul(f64x2.add(bits23, half), ulp));
}

// One counter, as above.
function uniform(k0: u32, k1: u32, k2: u32, hi: u32, lo: u32): f64 {
  let x0 = hi + k0;
  let x1 = lo + k1;
  for (let s: u32 = 0; s < 5; s++) {
    for (let q = 0; q < 4; q++) {
      x0 += x1;
      x1 = rotl<u32>(x1, rotation(s, q)) ^ x0;
    }
    x0 += keyWord((s + 1) % 3, k0, k1, k2);
    x1 += keyWord((s + 2) % 3, k0, k1, k2) + s + 1;
  }
  const bits = <f64>(x0 >>> 5) * 67108864 + <f64>(x1 >>> 6);
  return (bits + 0.5) * 1.1102230246251565e-16;
}
