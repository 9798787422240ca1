import { describe, expect, it } from "vitest";
import { hermiteZeros } from "../../src/core/hermiteZeros.js";
import { symmetricTridiagonalEigenvalues } from "../../src/core/tridiagonal.js";

/** max_i |z_i − Σ_{j≠i} 1/(z_i − z_j)|: zero exactly at the zeros of H_N (Stieltjes). */
function stieltjesResidual(z: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < z.length; i++) {
    let s = 0;
    for (let j = 0; j < z.length; j++) if (j !== i) s += 1 / (z[i] - z[j]);
    worst = Math.max(worst, Math.abs(s - z[i]));
  }
  return worst;
}

describe("Hermite zeros", () => {
  it("are H_N's exact zeros at small N, odd and even", () => {
    // oracle: H_2 = 4x² − 2, H_3 = 8x³ − 12x, H_4 = 16x⁴ − 48x² + 12 (closed forms)
    const near = (a: ArrayLike<number>, b: number[]) =>
      b.forEach((v, i) => expect(a[i]).toBeCloseTo(v, 14));
    near(hermiteZeros(1), [0]);
    near(hermiteZeros(2), [-Math.SQRT1_2, Math.SQRT1_2]);
    near(hermiteZeros(3), [-Math.sqrt(1.5), 0, Math.sqrt(1.5)]);
    const [lo, hi] = [Math.sqrt((3 - Math.sqrt(6)) / 2), Math.sqrt((3 + Math.sqrt(6)) / 2)];
    near(hermiteZeros(4), [-hi, -lo, lo, hi]);
  });

  it("solve Stieltjes' equilibrium z_i = Σ_{j≠i} 1/(z_i − z_j) up to N = 5000", () => {
    // oracle: the defining relation of the zeros. A zero off by δ moves its residual by about
    // δ·Σ_j 1/(z_i − z_j)² ≲ δ·2N, so 1e-9 at N = 5000 asks δ ≲ 1e-13 — the full Jacobi
    // matrix's QL (absolute error ~2e-12 there) would fail it; the sums' own rounding is ~1e-12.
    for (const n of [5, 60, 61, 1001, 5000]) {
      const z = hermiteZeros(n);
      expect(stieltjesResidual(z), `N = ${n}`).toBeLessThan(1e-9);
      for (let i = 1; i < n; i++) expect(z[i]).toBeGreaterThan(z[i - 1]);
    }
  });

  it("agree with the eigenvalues of H_N's own Jacobi matrix", () => {
    // oracle: an independent route (Golub–Welsch on the N × N matrix, zero diagonal,
    // off-diagonal √(k/2)), accurate to ~ε·√(2N)·(a few) absolute at N = 300.
    const n = 300;
    const off = Float64Array.from({ length: n - 1 }, (_, k) => Math.sqrt((k + 1) / 2));
    const full = symmetricTridiagonalEigenvalues(new Float64Array(n), off);
    const z = hermiteZeros(n);
    for (let i = 0; i < n; i++) expect(Math.abs(z[i] - full[i])).toBeLessThan(1e-12);
  });
});
