// The lane-dependent part of the float32 dense kernels (four lanes): scripts/embedWasm.mjs puts it
// in place of the float64 part between "lanes:start" and "lanes:end" of assembly/gemm.ts. Not
// compiled on its own.

// @ts-ignore: decorator
@inline
function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

// Four outputs of one row, stored at c: the lane sums of s0 … s3 (((l0 + l1) + l2) + l3, as
// hsum), plus the leftover terms i … k − 1 of row a against rows b0 … b3 of B, plus the bias at
// `bias` (0: none), PReLU (act 1), added into c (act 2), or stored with PReLU of it at
// c + delta (act 3) — each output exactly as hsum, finish and put would make it.
// @ts-ignore: decorator
@inline
function row4(c: usize, s0: v128, s1: v128, s2: v128, s3: v128, a: usize, b0: usize, b1: usize, b2: usize, b3: usize, i: i32, k: i32, bias: usize, act: i32, slope: f32, delta: usize): void {
  const lo01 = f32x4.shuffle(s0, s1, 0, 4, 1, 5);
  const lo23 = f32x4.shuffle(s2, s3, 0, 4, 1, 5);
  const hi01 = f32x4.shuffle(s0, s1, 2, 6, 3, 7);
  const hi23 = f32x4.shuffle(s2, s3, 2, 6, 3, 7);
  let v = f32x4.add(f32x4.shuffle(lo01, lo23, 0, 1, 4, 5), f32x4.shuffle(lo01, lo23, 2, 3, 6, 7));
  v = f32x4.add(v, f32x4.shuffle(hi01, hi23, 0, 1, 4, 5));
  v = f32x4.add(v, f32x4.shuffle(hi01, hi23, 2, 3, 6, 7));
  for (; i < k; i++) {
    const off = <usize>i << 2;
    let w = f32x4.splat(load<f32>(b0 + off));
    w = f32x4.replace_lane(w, 1, load<f32>(b1 + off));
    w = f32x4.replace_lane(w, 2, load<f32>(b2 + off));
    w = f32x4.replace_lane(w, 3, load<f32>(b3 + off));
    v = f32x4.add(v, f32x4.mul(f32x4.splat(load<f32>(a + off)), w));
  }
  if (bias) v = f32x4.add(v, v128.load(bias));
  if (act == 1) v = v128.bitselect(f32x4.mul(v, f32x4.splat(slope)), v, f32x4.lt(v, f32x4.splat(0)));
  else if (act == 2) v = f32x4.add(v128.load(c), v);
  else if (act == 3) v128.store(c + delta, v128.bitselect(v, f32x4.mul(v, f32x4.splat(slope)), f32x4.gt(v, f32x4.splat(0))));
  v128.store(c, v);
}

const LANES = 4;

// gemmNT for k < 4 (every term a leftover): the weights of each four outputs are gathered
// once for all rows; each output is 0 + its terms one by one, as row4 makes it.
function gemmSmallK(m: i32, k: i32, n: i32, a: usize, b: usize, c: usize, bias: usize, act: i32, slope: f32, delta: usize): void {
  const s = f32x4.splat(slope);
  const zero = f32x4.splat(0);
  let o = 0;
  for (; o + 3 < n; o += 4) {
    let w0 = zero, w1 = zero, w2 = zero;
    const b0 = b + (<usize>(o * k) << 2);
    const b1 = b0 + (<usize>k << 2);
    const b2 = b1 + (<usize>k << 2);
    const b3 = b2 + (<usize>k << 2);
    if (k > 0) w0 = f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(load<f32>(b0)), 1, load<f32>(b1)), 2, load<f32>(b2)), 3, load<f32>(b3));
    if (k > 1) w1 = f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(load<f32>(b0 + 4)), 1, load<f32>(b1 + 4)), 2, load<f32>(b2 + 4)), 3, load<f32>(b3 + 4));
    if (k > 2) w2 = f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(load<f32>(b0 + 8)), 1, load<f32>(b1 + 8)), 2, load<f32>(b2 + 8)), 3, load<f32>(b3 + 8));
    const bv = bias ? v128.load(bias + (<usize>o << 2)) : zero;
    for (let r = 0; r < m; r++) {
      const ar = a + (<usize>(r * k) << 2);
      const cr = c + (<usize>(r * n + o) << 2);
      let v = zero;
      if (k > 0) v = f32x4.add(v, f32x4.mul(f32x4.splat(load<f32>(ar)), w0));
      if (k > 1) v = f32x4.add(v, f32x4.mul(f32x4.splat(load<f32>(ar + 4)), w1));
      if (k > 2) v = f32x4.add(v, f32x4.mul(f32x4.splat(load<f32>(ar + 8)), w2));
      if (bias) v = f32x4.add(v, bv);
      if (act == 1) v = v128.bitselect(f32x4.mul(v, s), v, f32x4.lt(v, zero));
      else if (act == 2) v = f32x4.add(v128.load(cr), v);
      else if (act == 3) v128.store(cr + delta, v128.bitselect(v, f32x4.mul(v, s), f32x4.gt(v, zero)));
      v128.store(cr, v);
    }
  }
  for (; o < n; o++)
    for (let r = 0; r < m; r++)
      put(c + (<usize>(r * n + o) << 2), finish(dot(a + (<usize>(r * k) << 2), b + (<usize>(o * k) << 2), k), bias, o, act, slope), act, slope, delta);
}

// out (cols×rows) = inᵀ for in (rows×cols), in blocks of 4×4.
export function transpose(rows: i32, cols: i32, src: usize, dst: usize): void {
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    const s0 = src + (<usize>(r * cols) << 2);
    const s1 = s0 + (<usize>cols << 2);
    const s2 = s1 + (<usize>cols << 2);
    const s3 = s2 + (<usize>cols << 2);
    const step = <usize>rows << 2;
    let c = 0;
    for (; c + 3 < cols; c += 4) {
      const off = <usize>c << 2;
      const x0 = v128.load(s0 + off);
      const x1 = v128.load(s1 + off);
      const x2 = v128.load(s2 + off);
      const x3 = v128.load(s3 + off);
      const lo01 = f32x4.shuffle(x0, x1, 0, 4, 1, 5);
      const lo23 = f32x4.shuffle(x2, x3, 0, 4, 1, 5);
      const hi01 = f32x4.shuffle(x0, x1, 2, 6, 3, 7);
      const hi23 = f32x4.shuffle(x2, x3, 2, 6, 3, 7);
      const d0 = dst + (<usize>(c * rows + r) << 2);
      v128.store(d0, f32x4.shuffle(lo01, lo23, 0, 1, 4, 5));
      v128.store(d0 + step, f32x4.shuffle(lo01, lo23, 2, 3, 6, 7));
      v128.store(d0 + 2 * step, f32x4.shuffle(hi01, hi23, 0, 1, 4, 5));
      v128.store(d0 + 3 * step, f32x4.shuffle(hi01, hi23, 2, 3, 6, 7));
    }
    for (; c < cols; c++) {
      const d0 = dst + (<usize>(c * rows + r) << 2);
      const off = <usize>c << 2;
      store<f32>(d0, load<f32>(s0 + off));
      store<f32>(d0 + 4, load<f32>(s1 + off));
      store<f32>(d0 + 8, load<f32>(s2 + off));
      store<f32>(d0 + 12, load<f32>(s3 + off));
    }
  }
  for (; r < rows; r++)
    for (let c = 0; c < cols; c++)
      store<f32>(dst + (<usize>(c * rows + r) << 2), load<f32>(src + (<usize>(r * cols + c) << 2)));
}

// PReLU backward: gz = g·(z > 0 ? 1 : slope) (may alias g); returns Σ g·z over z ≤ 0
// (dL/dslope), summed one term after the other in float64 (each product exact there; terms with
// z > 0 add +0, which leaves the sum as it is: it is never −0).
export function preluBackward(total: i32, g: usize, pre: usize, gz: usize, slope: f32): f64 {
  let ds: f64 = 0;
  const s = f32x4.splat(slope);
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 3 < total; i += 4) {
    const off = <usize>i << 2;
    const z = v128.load(pre + off);
    const gi = v128.load(g + off);
    const positive = f32x4.gt(z, zero);
    v128.store(gz + off, v128.bitselect(gi, f32x4.mul(gi, s), positive));
    // the products in float64, +0 where z > 0
    const keep = v128.not(positive);
    const zk = v128.and(z, keep);
    const gk = v128.and(gi, keep);
    const lo = f64x2.mul(f64x2.promote_low_f32x4(gk), f64x2.promote_low_f32x4(zk));
    const hi = f64x2.mul(f64x2.promote_low_f32x4(f32x4.shuffle(gk, gk, 2, 3, 2, 3)), f64x2.promote_low_f32x4(f32x4.shuffle(zk, zk, 2, 3, 2, 3)));
    ds += f64x2.extract_lane(lo, 0);
    ds += f64x2.extract_lane(lo, 1);
    ds += f64x2.extract_lane(hi, 0);
    ds += f64x2.extract_lane(hi, 1);
  }
  for (; i < total; i++) {
    const off = <usize>i << 2;
    const z = load<f32>(pre + off);
    const gi = load<f32>(g + off);
    if (z > 0) store<f32>(gz + off, gi);
    else {
      store<f32>(gz + off, slope * gi);
      ds += <f64>gi * <f64>z;
    }
  }
  return ds;
}
