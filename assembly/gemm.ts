// Dense kernels of the neural engine, float64 in two SIMD lanes.
// gemmNT: C (m×n) = A (m×k) · Bᵀ with B given as n×k (a weight matrix, one output per row),
// plus an optional bias (address 0: none); `act` 1 applies PReLU with the given slope, 2 adds
// the result into C instead of overwriting it.
// Blocks of 2 rows × 4 outputs keep eight accumulators in registers; the edges (odd m,
// n % 4, odd k) fall back to narrower loops.

// @ts-ignore: decorator
@inline
function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

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
function put(at: usize, v: f64, act: i32): void {
  // act 2: accumulate into C (weight gradients); otherwise overwrite
  store<f64>(at, act == 2 ? load<f64>(at) + v : v);
}

export function gemmNT(m: i32, k: i32, n: i32, a: usize, b: usize, c: usize, bias: usize, act: i32, slope: f64): void {
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
      let t00 = hsum(s00), t01 = hsum(s01), t02 = hsum(s02), t03 = hsum(s03);
      let t10 = hsum(s10), t11 = hsum(s11), t12 = hsum(s12), t13 = hsum(s13);
      for (; i < k; i++) {
        const off = <usize>i << 3;
        const x0 = load<f64>(a0 + off);
        const x1 = load<f64>(a1 + off);
        const w0 = load<f64>(b0 + off), w1 = load<f64>(b1 + off), w2 = load<f64>(b2 + off), w3 = load<f64>(b3 + off);
        t00 += x0 * w0; t01 += x0 * w1; t02 += x0 * w2; t03 += x0 * w3;
        t10 += x1 * w0; t11 += x1 * w1; t12 += x1 * w2; t13 += x1 * w3;
      }
      const oc = <usize>o << 3;
      put(c0 + oc, finish(t00, bias, o, act, slope), act);
      put(c0 + oc + 8, finish(t01, bias, o + 1, act, slope), act);
      put(c0 + oc + 16, finish(t02, bias, o + 2, act, slope), act);
      put(c0 + oc + 24, finish(t03, bias, o + 3, act, slope), act);
      put(c1 + oc, finish(t10, bias, o, act, slope), act);
      put(c1 + oc + 8, finish(t11, bias, o + 1, act, slope), act);
      put(c1 + oc + 16, finish(t12, bias, o + 2, act, slope), act);
      put(c1 + oc + 24, finish(t13, bias, o + 3, act, slope), act);
    }
    for (; o < n; o++) {
      const bo = b + <usize>o * rowBytes;
      const oc = <usize>o << 3;
      put(c0 + oc, finish(dot(a0, bo, k), bias, o, act, slope), act);
      put(c1 + oc, finish(dot(a1, bo, k), bias, o, act, slope), act);
    }
  }
  for (; r < m; r++) {
    const ar = a + <usize>r * rowBytes;
    const cr = c + (<usize>(r * n) << 3);
    for (let o = 0; o < n; o++) put(cr + (<usize>o << 3), finish(dot(ar, b + <usize>o * rowBytes, k), bias, o, act, slope), act);
  }
}

// out (cols×rows) = inᵀ for in (rows×cols).
export function transpose(rows: i32, cols: i32, src: usize, dst: usize): void {
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++)
      store<f64>(dst + (<usize>(c * rows + r) << 3), load<f64>(src + (<usize>(r * cols + c) << 3)));
}

// Forward of one hidden layer: z = A·Bᵀ + bias into `pre` and PReLU(z) into `act` (both m×n).
export function linearPrelu(m: i32, k: i32, n: i32, a: usize, b: usize, bias: usize, pre: usize, act: usize, slope: f64): void {
  gemmNT(m, k, n, a, b, pre, bias, 0, 0);
  const total = m * n;
  const s = f64x2.splat(slope);
  const zero = f64x2.splat(0);
  let i = 0;
  for (; i + 1 < total; i += 2) {
    const off = <usize>i << 3;
    const z = v128.load(pre + off);
    v128.store(act + off, v128.bitselect(z, f64x2.mul(z, s), f64x2.gt(z, zero)));
  }
  for (; i < total; i++) {
    const z = load<f64>(pre + (<usize>i << 3));
    store<f64>(act + (<usize>i << 3), z > 0 ? z : slope * z);
  }
}

// PReLU backward: gz = g·(z > 0 ? 1 : slope) (may alias g); returns Σ g·z over z ≤ 0 (dL/dslope).
export function preluBackward(total: i32, g: usize, pre: usize, gz: usize, slope: f64): f64 {
  let ds: f64 = 0;
  for (let i = 0; i < total; i++) {
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
