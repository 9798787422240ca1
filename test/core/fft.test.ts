import { describe, expect, it } from "vitest";
import { fft, gridConvolver } from "../../src/core/fft.js";
import { key } from "../../src/random/key.js";
import { uniform01 } from "../../src/random/sample.js";

describe("FFT", () => {
  it("matches the direct DFT and inverts", () => {
    // oracle: the O(n²) definition; tol 1e-12
    const n = 16;
    const re = uniform01(key(1), n);
    const im = uniform01(key(2), n);
    const [r0, i0] = [Float64Array.from(re), Float64Array.from(im)];
    fft(re, im);
    for (let k = 0; k < n; k++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const a = (-2 * Math.PI * j * k) / n;
        sr += r0[j] * Math.cos(a) - i0[j] * Math.sin(a);
        si += r0[j] * Math.sin(a) + i0[j] * Math.cos(a);
      }
      expect(Math.abs(re[k] - sr)).toBeLessThan(1e-12);
      expect(Math.abs(im[k] - si)).toBeLessThan(1e-12);
    }
    fft(re, im, true);
    for (let k = 0; k < n; k++) expect(Math.abs(re[k] - r0[k])).toBeLessThan(1e-14);
  });

  it("grid convolution equals the direct double sum (no wrap-around)", () => {
    const [ny, nx, h] = [6, 9, 0.3];
    const rho = uniform01(key(3), ny * nx);
    const W = (dy: number, dx: number) => Math.exp(-(dy * dy + dx * dx)) + dx;
    const out = gridConvolver(ny, nx, h, h, W)(rho, new Float64Array(ny * nx));
    for (let i = 0; i < ny; i++)
      for (let j = 0; j < nx; j++) {
        let s = 0;
        for (let k = 0; k < ny; k++)
          for (let l = 0; l < nx; l++) s += W((i - k) * h, (j - l) * h) * rho[k * nx + l] * h * h;
        expect(Math.abs(out[i * nx + j] - s)).toBeLessThan(1e-12);
      }
  });
});
