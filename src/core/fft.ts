/** Radix-2 complex FFT and the 2D linear convolution built on it (zero padding, no wrap-around). */
import { ConfigError } from "./errors.js";

/** In-place FFT of (re, im), length a power of two; inverse when `inverse` (scaled by 1/n). */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (n & (n - 1)) throw new ConfigError(`FFT length must be a power of two, got ${n}`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    for (let start = 0; start < n; start += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = start + k;
        const b = a + len / 2;
        const xr = re[b] * cr - im[b] * ci;
        const xi = re[b] * ci + im[b] * cr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
        const next = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = next;
      }
    }
  }
  if (inverse)
    for (let i = 0; i < n; i++) {
      re[i] /= n;
      im[i] /= n;
    }
}

/** 2D FFT of an rows×cols row-major complex array (both powers of two), in place. */
export function fft2(
  re: Float64Array,
  im: Float64Array,
  rows: number,
  cols: number,
  inverse = false,
): void {
  const rr = new Float64Array(cols);
  const ri = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    rr.set(re.subarray(r * cols, (r + 1) * cols));
    ri.set(im.subarray(r * cols, (r + 1) * cols));
    fft(rr, ri, inverse);
    re.set(rr, r * cols);
    im.set(ri, r * cols);
  }
  const cr = new Float64Array(rows);
  const ci = new Float64Array(rows);
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) {
      cr[r] = re[r * cols + c];
      ci[r] = im[r * cols + c];
    }
    fft(cr, ci, inverse);
    for (let r = 0; r < rows; r++) {
      re[r * cols + c] = cr[r];
      im[r * cols + c] = ci[r];
    }
  }
}

const nextPow2 = (n: number): number => 2 ** Math.ceil(Math.log2(n));

/**
 * Discrete convolution on an ny×nx grid with spacing (hy, hx):
 *   (K ∗ ρ)_{ij} = Σ_{kl} K((i−k)hy, (j−l)hx) ρ_{kl} · hy·hx,
 * with the kernel's transform computed once. Zero padding to ≥ 2n makes it linear.
 */
export function gridConvolver(
  ny: number,
  nx: number,
  hy: number,
  hx: number,
  kernel: (dy: number, dx: number) => number,
) {
  const py = nextPow2(2 * ny);
  const px = nextPow2(2 * nx);
  const kr = new Float64Array(py * px);
  const ki = new Float64Array(py * px);
  for (let i = 0; i < py; i++) {
    const di = i < py / 2 ? i : i - py; // wrapped offset
    if (Math.abs(di) >= ny) continue;
    for (let j = 0; j < px; j++) {
      const dj = j < px / 2 ? j : j - px;
      if (Math.abs(dj) >= nx) continue;
      kr[i * px + j] = kernel(di * hy, dj * hx) * hy * hx;
    }
  }
  fft2(kr, ki, py, px);
  const re = new Float64Array(py * px);
  const im = new Float64Array(py * px);
  return (rho: Float64Array, out: Float64Array): Float64Array => {
    re.fill(0);
    im.fill(0);
    for (let i = 0; i < ny; i++) re.set(rho.subarray(i * nx, (i + 1) * nx), i * px);
    fft2(re, im, py, px);
    for (let k = 0; k < re.length; k++) {
      const a = re[k] * kr[k] - im[k] * ki[k];
      im[k] = re[k] * ki[k] + im[k] * kr[k];
      re[k] = a;
    }
    fft2(re, im, py, px, true);
    for (let i = 0; i < ny; i++) out.set(re.subarray(i * px, i * px + nx), i * nx);
    return out;
  };
}
