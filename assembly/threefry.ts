// Threefry-2x32 with 20 rounds (src/random/threefry.ts) on four counters at once, and the
// uniforms that src/random/sample.ts makes of its two output words: bits = (w0 >>> 5)·2^26 +
// (w1 >>> 6), u = (bits + 0.5)·2^-53. Integer arithmetic, and float64 operations that are the
// ones of the TypeScript (each exact or rounded once the same way), so the values are
// identical to it.

// Writes n uniforms of key (k0, k1) for the counters (hi, lo + j), j = 0 … n − 1, at `out`;
// lo + n must not pass 2^32 (the caller splits its stream there).
export function uniforms(k0: u32, k1: u32, hi: u32, lo: u32, n: i32, out: usize): void {
  const k2 = 0x1bd11bda ^ k0 ^ k1;
  const K0 = i32x4.splat(k0);
  const K1 = i32x4.splat(k1);
  const K2 = i32x4.splat(k2);
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
    let inject: v128;
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 13), i32x4.shr_u(x01, 19)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 13), i32x4.shr_u(x11, 19)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 13), i32x4.shr_u(x21, 19)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 13), i32x4.shr_u(x31, 19)), x30);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 15), i32x4.shr_u(x01, 17)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 15), i32x4.shr_u(x11, 17)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 15), i32x4.shr_u(x21, 17)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 15), i32x4.shr_u(x31, 17)), x30);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 26), i32x4.shr_u(x01, 6)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 26), i32x4.shr_u(x11, 6)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 26), i32x4.shr_u(x21, 6)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 26), i32x4.shr_u(x31, 6)), x30);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 6), i32x4.shr_u(x01, 26)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 6), i32x4.shr_u(x11, 26)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 6), i32x4.shr_u(x21, 26)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 6), i32x4.shr_u(x31, 26)), x30);
    inject = i32x4.add(K2, i32x4.splat(1));
    x00 = i32x4.add(x00, K1); x01 = i32x4.add(x01, inject);
    x10 = i32x4.add(x10, K1); x11 = i32x4.add(x11, inject);
    x20 = i32x4.add(x20, K1); x21 = i32x4.add(x21, inject);
    x30 = i32x4.add(x30, K1); x31 = i32x4.add(x31, inject);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 17), i32x4.shr_u(x01, 15)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 17), i32x4.shr_u(x11, 15)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 17), i32x4.shr_u(x21, 15)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 17), i32x4.shr_u(x31, 15)), x30);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 29), i32x4.shr_u(x01, 3)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 29), i32x4.shr_u(x11, 3)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 29), i32x4.shr_u(x21, 3)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 29), i32x4.shr_u(x31, 3)), x30);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 16), i32x4.shr_u(x01, 16)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 16), i32x4.shr_u(x11, 16)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 16), i32x4.shr_u(x21, 16)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 16), i32x4.shr_u(x31, 16)), x30);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 24), i32x4.shr_u(x01, 8)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 24), i32x4.shr_u(x11, 8)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 24), i32x4.shr_u(x21, 8)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 24), i32x4.shr_u(x31, 8)), x30);
    inject = i32x4.add(K0, i32x4.splat(2));
    x00 = i32x4.add(x00, K2); x01 = i32x4.add(x01, inject);
    x10 = i32x4.add(x10, K2); x11 = i32x4.add(x11, inject);
    x20 = i32x4.add(x20, K2); x21 = i32x4.add(x21, inject);
    x30 = i32x4.add(x30, K2); x31 = i32x4.add(x31, inject);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 13), i32x4.shr_u(x01, 19)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 13), i32x4.shr_u(x11, 19)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 13), i32x4.shr_u(x21, 19)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 13), i32x4.shr_u(x31, 19)), x30);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 15), i32x4.shr_u(x01, 17)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 15), i32x4.shr_u(x11, 17)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 15), i32x4.shr_u(x21, 17)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 15), i32x4.shr_u(x31, 17)), x30);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 26), i32x4.shr_u(x01, 6)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 26), i32x4.shr_u(x11, 6)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 26), i32x4.shr_u(x21, 6)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 26), i32x4.shr_u(x31, 6)), x30);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 6), i32x4.shr_u(x01, 26)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 6), i32x4.shr_u(x11, 26)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 6), i32x4.shr_u(x21, 26)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 6), i32x4.shr_u(x31, 26)), x30);
    inject = i32x4.add(K1, i32x4.splat(3));
    x00 = i32x4.add(x00, K0); x01 = i32x4.add(x01, inject);
    x10 = i32x4.add(x10, K0); x11 = i32x4.add(x11, inject);
    x20 = i32x4.add(x20, K0); x21 = i32x4.add(x21, inject);
    x30 = i32x4.add(x30, K0); x31 = i32x4.add(x31, inject);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 17), i32x4.shr_u(x01, 15)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 17), i32x4.shr_u(x11, 15)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 17), i32x4.shr_u(x21, 15)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 17), i32x4.shr_u(x31, 15)), x30);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 29), i32x4.shr_u(x01, 3)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 29), i32x4.shr_u(x11, 3)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 29), i32x4.shr_u(x21, 3)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 29), i32x4.shr_u(x31, 3)), x30);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 16), i32x4.shr_u(x01, 16)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 16), i32x4.shr_u(x11, 16)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 16), i32x4.shr_u(x21, 16)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 16), i32x4.shr_u(x31, 16)), x30);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 24), i32x4.shr_u(x01, 8)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 24), i32x4.shr_u(x11, 8)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 24), i32x4.shr_u(x21, 8)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 24), i32x4.shr_u(x31, 8)), x30);
    inject = i32x4.add(K2, i32x4.splat(4));
    x00 = i32x4.add(x00, K1); x01 = i32x4.add(x01, inject);
    x10 = i32x4.add(x10, K1); x11 = i32x4.add(x11, inject);
    x20 = i32x4.add(x20, K1); x21 = i32x4.add(x21, inject);
    x30 = i32x4.add(x30, K1); x31 = i32x4.add(x31, inject);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 13), i32x4.shr_u(x01, 19)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 13), i32x4.shr_u(x11, 19)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 13), i32x4.shr_u(x21, 19)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 13), i32x4.shr_u(x31, 19)), x30);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 15), i32x4.shr_u(x01, 17)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 15), i32x4.shr_u(x11, 17)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 15), i32x4.shr_u(x21, 17)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 15), i32x4.shr_u(x31, 17)), x30);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 26), i32x4.shr_u(x01, 6)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 26), i32x4.shr_u(x11, 6)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 26), i32x4.shr_u(x21, 6)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 26), i32x4.shr_u(x31, 6)), x30);
    x00 = i32x4.add(x00, x01); x01 = v128.xor(v128.or(i32x4.shl(x01, 6), i32x4.shr_u(x01, 26)), x00);
    x10 = i32x4.add(x10, x11); x11 = v128.xor(v128.or(i32x4.shl(x11, 6), i32x4.shr_u(x11, 26)), x10);
    x20 = i32x4.add(x20, x21); x21 = v128.xor(v128.or(i32x4.shl(x21, 6), i32x4.shr_u(x21, 26)), x20);
    x30 = i32x4.add(x30, x31); x31 = v128.xor(v128.or(i32x4.shl(x31, 6), i32x4.shr_u(x31, 26)), x30);
    inject = i32x4.add(K0, i32x4.splat(5));
    x00 = i32x4.add(x00, K2); x01 = i32x4.add(x01, inject);
    x10 = i32x4.add(x10, K2); x11 = i32x4.add(x11, inject);
    x20 = i32x4.add(x20, K2); x21 = i32x4.add(x21, inject);
    x30 = i32x4.add(x30, K2); x31 = i32x4.add(x31, inject);
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
  x0 += x1; x1 = rotl<u32>(x1, 13) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 15) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 26) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 6) ^ x0;
  x0 += k1; x1 += k2 + 1;
  x0 += x1; x1 = rotl<u32>(x1, 17) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 29) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 16) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 24) ^ x0;
  x0 += k2; x1 += k0 + 2;
  x0 += x1; x1 = rotl<u32>(x1, 13) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 15) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 26) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 6) ^ x0;
  x0 += k0; x1 += k1 + 3;
  x0 += x1; x1 = rotl<u32>(x1, 17) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 29) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 16) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 24) ^ x0;
  x0 += k1; x1 += k2 + 4;
  x0 += x1; x1 = rotl<u32>(x1, 13) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 15) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 26) ^ x0;
  x0 += x1; x1 = rotl<u32>(x1, 6) ^ x0;
  x0 += k2; x1 += k0 + 5;
  const bits = <f64>(x0 >>> 5) * 67108864 + <f64>(x1 >>> 6);
  return (bits + 0.5) * 1.1102230246251565e-16;
}
