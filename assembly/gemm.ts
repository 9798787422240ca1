// Dense kernels of the neural engine, float64 in two SIMD lanes.
// gemmNT: C (m×n) = A (m×k) · Bᵀ with B given as n×k (a weight matrix, one output per row),
// plus an optional bias (address 0: none); `act` 1 applies PReLU with the given slope, 2 adds
// the result into C instead of overwriting it (and 3, for linearPrelu, stores C and, `delta`
// bytes further on, PReLU of C).
// Blocks of 2 rows × 4 outputs keep eight accumulators in registers. Each output is the sum of
// its accumulator's lanes in lane order, then the k % lanes leftover terms one by one, then the
// bias; a block's four outputs of a row are summed, finished and stored as vectors (`row4`),
// the edges (odd m, n % 4) one output at a time (`dot`), in the same order of summation.

// lanes:start — what depends on the lane count; scripts/embedWasm.mjs puts
// assembly/lanes32.ts here for the float32 kernels.

const LANES = 2;

// @ts-ignore: decorator
@inline
function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

// Four outputs of one row, stored at c: the lane sums of s0 … s3, plus the leftover terms
// i … k − 1 of row a against rows b0 … b3 of B, plus the bias at `bias` (0: none), PReLU
// (act 1), added into c (act 2), or stored with PReLU of it at c + delta (act 3) — each output
// exactly as hsum, finish and put would make it.
// @ts-ignore: decorator
@inline
function row4(c: usize, s0: v128, s1: v128, s2: v128, s3: v128, a: usize, b0: usize, b1: usize, b2: usize, b3: usize, i: i32, k: i32, bias: usize, act: i32, slope: f64, delta: usize): void {
  let v0 = f64x2.add(f64x2.shuffle(s0, s1, 0, 2), f64x2.shuffle(s0, s1, 1, 3));
  let v1 = f64x2.add(f64x2.shuffle(s2, s3, 0, 2), f64x2.shuffle(s2, s3, 1, 3));
  for (; i < k; i++) {
    const off = <usize>i << 3;
    const x = f64x2.splat(load<f64>(a + off));
    v0 = f64x2.add(v0, f64x2.mul(x, f64x2.replace_lane(f64x2.splat(load<f64>(b0 + off)), 1, load<f64>(b1 + off))));
    v1 = f64x2.add(v1, f64x2.mul(x, f64x2.replace_lane(f64x2.splat(load<f64>(b2 + off)), 1, load<f64>(b3 + off))));
  }
  if (bias) {
    v0 = f64x2.add(v0, v128.load(bias));
    v1 = f64x2.add(v1, v128.load(bias + 16));
  }
  if (act == 1) {
    const s = f64x2.splat(slope);
    const zero = f64x2.splat(0);
    v0 = v128.bitselect(f64x2.mul(v0, s), v0, f64x2.lt(v0, zero));
    v1 = v128.bitselect(f64x2.mul(v1, s), v1, f64x2.lt(v1, zero));
  } else if (act == 2) {
    v0 = f64x2.add(v128.load(c), v0);
    v1 = f64x2.add(v128.load(c + 16), v1);
  } else if (act == 3) {
    const s = f64x2.splat(slope);
    const zero = f64x2.splat(0);
    v128.store(c + delta, v128.bitselect(v0, f64x2.mul(v0, s), f64x2.gt(v0, zero)));
    v128.store(c + delta + 16, v128.bitselect(v1, f64x2.mul(v1, s), f64x2.gt(v1, zero)));
  }
  v128.store(c, v0);
  v128.store(c + 16, v1);
}

// gemmNT for k < 2 (every term a leftover): the weights of each four outputs are gathered
// once for all rows; each output is 0 + its terms one by one, as row4 makes it.
function gemmSmallK(m: i32, k: i32, n: i32, a: usize, b: usize, c: usize, bias: usize, act: i32, slope: f64, delta: usize): void {
  const s = f64x2.splat(slope);
  const zero = f64x2.splat(0);
  let o = 0;
  for (; o + 3 < n; o += 4) {
    // k = 1: the four weights are contiguous in B (n×1); k = 0: no terms
    const w0 = k ? v128.load(b + (<usize>o << 3)) : zero;
    const w1 = k ? v128.load(b + (<usize>o << 3) + 16) : zero;
    const bv0 = bias ? v128.load(bias + (<usize>o << 3)) : zero;
    const bv1 = bias ? v128.load(bias + (<usize>o << 3) + 16) : zero;
    for (let r = 0; r < m; r++) {
      const cr = c + (<usize>(r * n + o) << 3);
      let v0 = zero;
      let v1 = zero;
      if (k) {
        const x = f64x2.splat(load<f64>(a + (<usize>r << 3)));
        v0 = f64x2.add(v0, f64x2.mul(x, w0));
        v1 = f64x2.add(v1, f64x2.mul(x, w1));
      }
      if (bias) {
        v0 = f64x2.add(v0, bv0);
        v1 = f64x2.add(v1, bv1);
      }
      if (act == 1) {
        v0 = v128.bitselect(f64x2.mul(v0, s), v0, f64x2.lt(v0, zero));
        v1 = v128.bitselect(f64x2.mul(v1, s), v1, f64x2.lt(v1, zero));
      } else if (act == 2) {
        v0 = f64x2.add(v128.load(cr), v0);
        v1 = f64x2.add(v128.load(cr + 16), v1);
      } else if (act == 3) {
        v128.store(cr + delta, v128.bitselect(v0, f64x2.mul(v0, s), f64x2.gt(v0, zero)));
        v128.store(cr + delta + 16, v128.bitselect(v1, f64x2.mul(v1, s), f64x2.gt(v1, zero)));
      }
      v128.store(cr, v0);
      v128.store(cr + 16, v1);
    }
  }
  for (; o < n; o++)
    for (let r = 0; r < m; r++)
      put(c + (<usize>(r * n + o) << 3), finish(dot(a + (<usize>(r * k) << 3), b + (<usize>(o * k) << 3), k), bias, o, act, slope), act, slope, delta);
}

// out (cols×rows) = inᵀ for in (rows×cols), in blocks of 2×2.
export function transpose(rows: i32, cols: i32, src: usize, dst: usize): void {
  let r = 0;
  for (; r + 1 < rows; r += 2) {
    const s0 = src + (<usize>(r * cols) << 3);
    const s1 = s0 + (<usize>cols << 3);
    let c = 0;
    for (; c + 1 < cols; c += 2) {
      const x0 = v128.load(s0 + (<usize>c << 3));
      const x1 = v128.load(s1 + (<usize>c << 3));
      const d0 = dst + (<usize>(c * rows + r) << 3);
      v128.store(d0, f64x2.shuffle(x0, x1, 0, 2));
      v128.store(d0 + (<usize>rows << 3), f64x2.shuffle(x0, x1, 1, 3));
    }
    for (; c < cols; c++) {
      store<f64>(dst + (<usize>(c * rows + r) << 3), load<f64>(s0 + (<usize>c << 3)));
      store<f64>(dst + (<usize>(c * rows + r + 1) << 3), load<f64>(s1 + (<usize>c << 3)));
    }
  }
  for (; r < rows; r++)
    for (let c = 0; c < cols; c++)
      store<f64>(dst + (<usize>(c * rows + r) << 3), load<f64>(src + (<usize>(r * cols + c) << 3)));
}

// PReLU backward: gz = g·(z > 0 ? 1 : slope) (may alias g); returns Σ g·z over z ≤ 0
// (dL/dslope), summed one term after the other in float64 (terms with z > 0 add +0, which leaves
// the sum as it is: it is never −0).
export function preluBackward(total: i32, g: usize, pre: usize, gz: usize, slope: f64): f64 {
  let ds: f64 = 0;
  const s = f64x2.splat(slope);
  const zero = f64x2.splat(0);
  let i = 0;
  for (; i + 1 < total; i += 2) {
    const off = <usize>i << 3;
    const z = v128.load(pre + off);
    const gi = v128.load(g + off);
    const positive = f64x2.gt(z, zero);
    v128.store(gz + off, v128.bitselect(gi, f64x2.mul(gi, s), positive));
    const p = v128.andnot(f64x2.mul(gi, z), positive);
    ds += f64x2.extract_lane(p, 0);
    ds += f64x2.extract_lane(p, 1);
  }
  for (; i < total; i++) {
    const off = <usize>i << 3;
    const z = load<f64>(pre + off);
    const gi = load<f64>(g + off);
    if (z > 0) store<f64>(gz + off, gi);
    else {
      store<f64>(gz + off, slope * gi);
      ds += gi * z;
    }
  }
  return ds;
}
// lanes:end

// @ts-ignore: decorator
@inline
function dot(a: usize, b: usize, k: i32): f64 {
  let s = f64x2.splat(0);
  let i = 0;
  for (; i + 1 < k; i += 2) s = f64x2.add(s, f64x2.mul(v128.load(a + (<usize>i << 3)), v128.load(b + (<usize>i << 3))));
  let t = hsum(s);
  for (; i < k; i++) t += load<f64>(a + (<usize>i << 3)) * load<f64>(b + (<usize>i << 3));
  return t;
}

// @ts-ignore: decorator
@inline
function finish(v: f64, bias: usize, o: i32, act: i32, slope: f64): f64 {
  if (bias) v += load<f64>(bias + (<usize>o << 3));
  if (act == 1 && v < 0) v *= slope;
  return v;
}

// @ts-ignore: decorator
@inline
function put(at: usize, v: f64, act: i32, slope: f64, delta: usize): void {
  // act 2: accumulate into C (weight gradients); otherwise overwrite; act 3: PReLU at at + delta
  store<f64>(at, act == 2 ? load<f64>(at) + v : v);
  if (act == 3) store<f64>(at + delta, v > 0 ? v : slope * v);
}

export function gemmNT(m: i32, k: i32, n: i32, a: usize, b: usize, c: usize, bias: usize, act: i32, slope: f64): void {
  gemm(m, k, n, a, b, c, bias, act, slope, 0);
}

function gemm(m: i32, k: i32, n: i32, a: usize, b: usize, c: usize, bias: usize, act: i32, slope: f64, delta: usize): void {
  if (k < LANES) {
    gemmSmallK(m, k, n, a, b, c, bias, act, slope, delta);
    return;
  }
  const rowBytes = <usize>k << 3;
  let r = 0;
  for (; r + 1 < m; r += 2) {
    const a0 = a + <usize>r * rowBytes;
    const a1 = a0 + rowBytes;
    const c0 = c + (<usize>(r * n) << 3);
    const c1 = c0 + (<usize>n << 3);
    let o = 0;
    for (; o + 3 < n; o += 4) {
      const b0 = b + <usize>o * rowBytes;
      const b1 = b0 + rowBytes;
      const b2 = b1 + rowBytes;
      const b3 = b2 + rowBytes;
      let s00 = f64x2.splat(0), s01 = f64x2.splat(0), s02 = f64x2.splat(0), s03 = f64x2.splat(0);
      let s10 = f64x2.splat(0), s11 = f64x2.splat(0), s12 = f64x2.splat(0), s13 = f64x2.splat(0);
      let i = 0;
      for (; i + 1 < k; i += 2) {
        const off = <usize>i << 3;
        const x0 = v128.load(a0 + off);
        const x1 = v128.load(a1 + off);
        const w0 = v128.load(b0 + off);
        const w1 = v128.load(b1 + off);
        const w2 = v128.load(b2 + off);
        const w3 = v128.load(b3 + off);
        s00 = f64x2.add(s00, f64x2.mul(x0, w0)); s01 = f64x2.add(s01, f64x2.mul(x0, w1));
        s02 = f64x2.add(s02, f64x2.mul(x0, w2)); s03 = f64x2.add(s03, f64x2.mul(x0, w3));
        s10 = f64x2.add(s10, f64x2.mul(x1, w0)); s11 = f64x2.add(s11, f64x2.mul(x1, w1));
        s12 = f64x2.add(s12, f64x2.mul(x1, w2)); s13 = f64x2.add(s13, f64x2.mul(x1, w3));
      }
      const oc = <usize>o << 3;
      const bo = bias ? bias + oc : 0;
      row4(c0 + oc, s00, s01, s02, s03, a0, b0, b1, b2, b3, i, k, bo, act, slope, delta);
      row4(c1 + oc, s10, s11, s12, s13, a1, b0, b1, b2, b3, i, k, bo, act, slope, delta);
    }
    for (; o < n; o++) {
      const bo = b + <usize>o * rowBytes;
      const oc = <usize>o << 3;
      put(c0 + oc, finish(dot(a0, bo, k), bias, o, act, slope), act, slope, delta);
      put(c1 + oc, finish(dot(a1, bo, k), bias, o, act, slope), act, slope, delta);
    }
  }
  for (; r < m; r++) {
    const ar = a + <usize>r * rowBytes;
    const cr = c + (<usize>(r * n) << 3);
    for (let o = 0; o < n; o++) put(cr + (<usize>o << 3), finish(dot(ar, b + <usize>o * rowBytes, k), bias, o, act, slope), act, slope, delta);
  }
}

// Forward of one hidden layer: z = A·Bᵀ + bias into `pre` and PReLU(z) into `act` (both m×n),
// each block's outputs stored to both at once.
export function linearPrelu(m: i32, k: i32, n: i32, a: usize, b: usize, bias: usize, pre: usize, act: usize, slope: f64): void {
  gemm(m, k, n, a, b, pre, bias, 3, slope, act - pre);
}

// out (n) += row sums of a (n×m).
export function rowSumsAccumulate(n: i32, m: i32, a: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    const ai = a + (<usize>(i * m) << 3);
    let s = f64x2.splat(0);
    let j = 0;
    for (; j + 1 < m; j += 2) s = f64x2.add(s, v128.load(ai + (<usize>j << 3)));
    let t = hsum(s);
    for (; j < m; j++) t += load<f64>(ai + (<usize>j << 3));
    store<f64>(out + (<usize>i << 3), load<f64>(out + (<usize>i << 3)) + t);
  }
}
