import { describe, expect, it } from "vitest";
import {
  cholesky,
  eigSymmetric,
  inverseSpd,
  logDetSpd,
  symmetricFunction,
} from "../../src/core/linalg.js";
import { fromRows, identity, matmul, transpose, axpby, matrix } from "../../src/core/matrix.js";
import { NumericalError } from "../../src/core/errors.js";
import { key } from "../../src/random/key.js";
import { normal } from "../../src/random/sample.js";

function randomSpd(d: number, seed: number) {
  const g = matrix(d, d, normal(key(seed), d * d));
  return axpby(identity(d), 1, matmul(g, transpose(g)), 1 / d);
}

const maxDiff = (a: Float64Array, b: Float64Array) =>
  Math.max(...a.map((v, i) => Math.abs(v - b[i])));

describe("dense linear algebra", () => {
  it("Cholesky reconstructs A = LLᵀ", () => {
    // oracle: the definition; tol 1e-12 (backward-stable factorisation of a well-conditioned A)
    for (const d of [1, 3, 16]) {
      const a = randomSpd(d, d);
      const l = cholesky(a);
      expect(maxDiff(matmul(l, transpose(l)).data, a.data)).toBeLessThan(1e-12);
    }
  });

  it("rejects a matrix that is not positive definite with a named error", () => {
    expect(() =>
      cholesky(
        fromRows([
          [1, 2],
          [2, 1],
        ]),
      ),
    ).toThrow(NumericalError);
  });

  it("eigendecomposition satisfies AV = VΛ with orthonormal V", () => {
    // oracle: the eigen equations; tol 1e-11 relative to ‖A‖ (Jacobi is accurate to a few ulps)
    const a = randomSpd(12, 7);
    const { values, vectors } = eigSymmetric(a);
    const av = matmul(a, vectors);
    const vl = matmul(
      vectors,
      fromRows(
        Array.from({ length: 12 }, (_, i) =>
          Array.from({ length: 12 }, (_, j) => (i === j ? values[i] : 0)),
        ),
      ),
    );
    expect(maxDiff(av.data, vl.data)).toBeLessThan(1e-11);
    expect(maxDiff(matmul(transpose(vectors), vectors).data, identity(12).data)).toBeLessThan(
      1e-12,
    );
    for (let i = 1; i < 12; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
  });

  it("log det and inverse agree with the eigenvalues", () => {
    // oracle: log det = Σ log λ_i, A·A⁻¹ = I; tol 1e-10
    const a = randomSpd(8, 3);
    const { values } = eigSymmetric(a);
    expect(logDetSpd(a)).toBeCloseTo(
      values.reduce((s, l) => s + Math.log(l), 0),
      10,
    );
    expect(maxDiff(matmul(a, inverseSpd(a)).data, identity(8).data)).toBeLessThan(1e-10);
  });

  it("matrix functions: sqrt(A)² = A", () => {
    const a = randomSpd(5, 11);
    const r = symmetricFunction(a, Math.sqrt);
    expect(maxDiff(matmul(r, r).data, a.data)).toBeLessThan(1e-12);
  });
});
