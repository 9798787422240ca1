// C (m×n) = A (m×k) · Bᵀ (B n×k), f32, k % 4 == 0, n % 4 == 0; 2 rows × 4 outputs per block.
export function gemm32(m: i32, k: i32, n: i32, a: usize, b: usize, c: usize): void {
  for (let r = 0; r < m; r += 2) {
    const ar0 = a + <usize>(r * k) * 4;
    const ar1 = ar0 + <usize>k * 4;
    for (let o = 0; o < n; o += 4) {
      const b0 = b + <usize>(o * k) * 4;
      const b1 = b0 + <usize>k * 4;
      const b2 = b1 + <usize>k * 4;
      const b3 = b2 + <usize>k * 4;
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s02 = f32x4.splat(0), s03 = f32x4.splat(0);
      let s10 = f32x4.splat(0), s11 = f32x4.splat(0), s12 = f32x4.splat(0), s13 = f32x4.splat(0);
      for (let i = 0; i < k; i += 4) {
        const off = <usize>i * 4;
        const x0 = v128.load(ar0 + off);
        const x1 = v128.load(ar1 + off);
        const w0 = v128.load(b0 + off);
        const w1 = v128.load(b1 + off);
        const w2 = v128.load(b2 + off);
        const w3 = v128.load(b3 + off);
        s00 = f32x4.add(s00, f32x4.mul(x0, w0)); s01 = f32x4.add(s01, f32x4.mul(x0, w1));
        s02 = f32x4.add(s02, f32x4.mul(x0, w2)); s03 = f32x4.add(s03, f32x4.mul(x0, w3));
        s10 = f32x4.add(s10, f32x4.mul(x1, w0)); s11 = f32x4.add(s11, f32x4.mul(x1, w1));
        s12 = f32x4.add(s12, f32x4.mul(x1, w2)); s13 = f32x4.add(s13, f32x4.mul(x1, w3));
      }
      const co = c + <usize>(r * n + o) * 4;
      store<f32>(co, hsum(s00)); store<f32>(co + 4, hsum(s01)); store<f32>(co + 8, hsum(s02)); store<f32>(co + 12, hsum(s03));
      const c1 = co + <usize>n * 4;
      store<f32>(c1, hsum(s10)); store<f32>(c1 + 4, hsum(s11)); store<f32>(c1 + 8, hsum(s12)); store<f32>(c1 + 12, hsum(s13));
    }
  }
}
// @ts-ignore
@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}
