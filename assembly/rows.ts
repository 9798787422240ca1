// Row-wise float64 kernels for the loss and the reference sampler of the variational JKO step
// (src/neural/klJkoStep.ts): products of many rows with one small d×d matrix. Rows go four at a
// time, two to a vector (f64x2), and each row's arithmetic is that of the scalar loops they
// replace, in the same order — so the results are theirs, bit for bit.

// Copies rows r … r + 3 of x (m×d) minus `center` (address 0: none) into `t` as 2d vectors:
// t[2j] = (x[r][j], x[r+1][j]), t[2j+1] = (x[r+2][j], x[r+3][j]), less center[j].
// @ts-ignore: decorator
@inline
function interleave(x: usize, r: i32, d: i32, center: usize, t: usize): void {
  const row = <usize>d << 3;
  const x0 = x + <usize>r * row;
  for (let j = 0; j < d; j++) {
    const off = <usize>j << 3;
    let v0 = f64x2.replace_lane(f64x2.splat(load<f64>(x0 + off)), 1, load<f64>(x0 + row + off));
    let v1 = f64x2.replace_lane(f64x2.splat(load<f64>(x0 + 2 * row + off)), 1, load<f64>(x0 + 3 * row + off));
    if (center) {
      const c = f64x2.splat(load<f64>(center + off));
      v0 = f64x2.sub(v0, c);
      v1 = f64x2.sub(v1, c);
    }
    v128.store(t + (<usize>j << 5), v0);
    v128.store(t + (<usize>j << 5) + 16, v1);
  }
}

// out[r][i] = start[i] + A[i][0]·x[r][0] + A[i][1]·x[r][1] + … for m rows of d, the terms added
// one after the other from start[i] (from 0 where start = 0), j over 0 … d − 1, or 0 … i when
// `lower` is 1 (A lower triangular). `t`: scratch of 4d values.
export function affineRows(m: i32, d: i32, A: usize, lower: i32, x: usize, start: usize, out: usize, t: usize): void {
  const row = <usize>d << 3;
  let r = 0;
  for (; r + 3 < m; r += 4) {
    interleave(x, r, d, 0, t);
    const o = out + <usize>r * row;
    for (let i = 0; i < d; i++) {
      const s = f64x2.splat(start ? load<f64>(start + (<usize>i << 3)) : 0);
      let s0 = s;
      let s1 = s;
      const end = lower ? i + 1 : d;
      const a = A + <usize>i * row;
      for (let j = 0; j < end; j++) {
        const p = f64x2.splat(load<f64>(a + (<usize>j << 3)));
        s0 = f64x2.add(s0, f64x2.mul(p, v128.load(t + (<usize>j << 5))));
        s1 = f64x2.add(s1, f64x2.mul(p, v128.load(t + (<usize>j << 5) + 16)));
      }
      const off = <usize>i << 3;
      store<f64>(o + off, f64x2.extract_lane(s0, 0));
      store<f64>(o + row + off, f64x2.extract_lane(s0, 1));
      store<f64>(o + 2 * row + off, f64x2.extract_lane(s1, 0));
      store<f64>(o + 3 * row + off, f64x2.extract_lane(s1, 1));
    }
  }
  for (; r < m; r++) {
    const xr = x + <usize>r * row;
    const o = out + <usize>r * row;
    for (let i = 0; i < d; i++) {
      let s: f64 = start ? load<f64>(start + (<usize>i << 3)) : 0;
      const end = lower ? i + 1 : d;
      const a = A + <usize>i * row;
      for (let j = 0; j < end; j++) s += load<f64>(a + (<usize>j << 3)) * load<f64>(xr + (<usize>j << 3));
      store<f64>(o + (<usize>i << 3), s);
    }
  }
}

// The Gaussian log-density's quadratic form and gradient, m rows y of d: with c = y − mean and
// s = P·c (each s_i summed over j from 0), values[r] = −½ Σ_i c_i·s_i (summed over i from 0),
// and dy[r][i] −= scale·s_i. `t`: scratch of 4d values.
export function gaussianRows(m: i32, d: i32, P: usize, mean: usize, y: usize, dy: usize, scale: f64, values: usize, t: usize): void {
  const row = <usize>d << 3;
  const k = f64x2.splat(scale);
  const zero = f64x2.splat(0);
  let r = 0;
  for (; r + 3 < m; r += 4) {
    interleave(y, r, d, mean, t);
    const g = dy + <usize>r * row;
    let q0 = zero;
    let q1 = zero;
    for (let i = 0; i < d; i++) {
      let s0 = zero;
      let s1 = zero;
      const p = P + <usize>i * row;
      for (let j = 0; j < d; j++) {
        const pj = f64x2.splat(load<f64>(p + (<usize>j << 3)));
        s0 = f64x2.add(s0, f64x2.mul(pj, v128.load(t + (<usize>j << 5))));
        s1 = f64x2.add(s1, f64x2.mul(pj, v128.load(t + (<usize>j << 5) + 16)));
      }
      q0 = f64x2.add(q0, f64x2.mul(v128.load(t + (<usize>i << 5)), s0));
      q1 = f64x2.add(q1, f64x2.mul(v128.load(t + (<usize>i << 5) + 16), s1));
      const u0 = f64x2.mul(k, s0);
      const u1 = f64x2.mul(k, s1);
      const off = <usize>i << 3;
      store<f64>(g + off, load<f64>(g + off) - f64x2.extract_lane(u0, 0));
      store<f64>(g + row + off, load<f64>(g + row + off) - f64x2.extract_lane(u0, 1));
      store<f64>(g + 2 * row + off, load<f64>(g + 2 * row + off) - f64x2.extract_lane(u1, 0));
      store<f64>(g + 3 * row + off, load<f64>(g + 3 * row + off) - f64x2.extract_lane(u1, 1));
    }
    const half = f64x2.splat(-0.5);
    v128.store(values + (<usize>r << 3), f64x2.mul(half, q0));
    v128.store(values + (<usize>r << 3) + 16, f64x2.mul(half, q1));
  }
  for (; r < m; r++) {
    const yr = y + <usize>r * row;
    const g = dy + <usize>r * row;
    let q: f64 = 0;
    for (let i = 0; i < d; i++) {
      let s: f64 = 0;
      const p = P + <usize>i * row;
      for (let j = 0; j < d; j++) s += load<f64>(p + (<usize>j << 3)) * (load<f64>(yr + (<usize>j << 3)) - load<f64>(mean + (<usize>j << 3)));
      q += (load<f64>(yr + (<usize>i << 3)) - load<f64>(mean + (<usize>i << 3))) * s;
      store<f64>(g + (<usize>i << 3), load<f64>(g + (<usize>i << 3)) - scale * s);
    }
    store<f64>(values + (<usize>r << 3), -0.5 * q);
  }
}
