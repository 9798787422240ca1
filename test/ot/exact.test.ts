import { describe, expect, it } from "vitest";
import { cloud, squaredDistances } from "../../src/ot/cloud.js";
import { networkSimplex } from "../../src/ot/networkSimplex.js";
import { exactTransport, w2SquaredExact } from "../../src/ot/exact.js";
import { w2Squared1d } from "../../src/ot/oneD.js";
import { key, split } from "../../src/random/key.js";
import { normal, uniform01 } from "../../src/random/sample.js";
import { tempDir } from "../helpers.js";
import { peersAvailable, runPeer, writeCloud } from "../peers.js";

function permutations(n: number): number[][] {
  if (n === 1) return [[0]];
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, k) => [...p.slice(0, k), n - 1, ...p.slice(k)]),
  );
}

/** Primal feasibility, dual feasibility and a zero duality gap: a certificate of optimality. */
function expectOptimal(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  r: ReturnType<typeof networkSimplex>,
): void {
  const n = a.length;
  const m = b.length;
  const rows = new Float64Array(n);
  const cols = new Float64Array(m);
  r.plan.mass.forEach((p, k) => {
    expect(p).toBeGreaterThanOrEqual(0);
    rows[r.plan.i[k]] += p;
    cols[r.plan.j[k]] += p;
  });
  for (let i = 0; i < n; i++) expect(Math.abs(rows[i] - a[i])).toBeLessThan(1e-12);
  for (let j = 0; j < m; j++) expect(Math.abs(cols[j] - b[j])).toBeLessThan(1e-12);
  const scale = Math.max(...c);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++)
      expect(r.f[i] + r.g[j]).toBeLessThanOrEqual(c[i * m + j] + 1e-9 * scale);
  const dual =
    a.reduce((s, ai, i) => s + ai * r.f[i], 0) + b.reduce((s, bj, j) => s + bj * r.g[j], 0);
  expect(Math.abs(dual - r.cost)).toBeLessThan(1e-9 * scale);
}

describe("exact optimal transport (network simplex)", () => {
  it("finds the optimal assignment that enumeration finds", () => {
    // oracle: brute force over all n! permutations (uniform weights, n = m ≤ 7)
    for (const n of [1, 2, 4, 7]) {
      const c = uniform01(key(n), n * n);
      const w = new Float64Array(n).fill(1 / n);
      const best = Math.min(
        ...permutations(n).map((p) => p.reduce((s, j, i) => s + c[i * n + j], 0) / n),
      );
      expect(networkSimplex(w, w, c).cost).toBeCloseTo(best, 13);
    }
  });

  it("certifies optimality for weighted, unbalanced-size problems", () => {
    // oracle: KKT — feasible plan, feasible duals f_i + g_j ≤ C_ij, equal objectives
    for (const [n, m, seed] of [
      [3, 9, 1],
      [40, 25, 2],
      [200, 150, 3],
    ]) {
      const [k1, k2, k3] = split(key(seed), 3);
      const a = uniform01(k1, n);
      const b = uniform01(k2, m);
      const sa = a.reduce((s, v) => s + v, 0);
      const sb = b.reduce((s, v) => s + v, 0);
      a.forEach((v, i) => (a[i] = v / sa));
      b.forEach((v, j) => (b[j] = v / sb));
      const c = uniform01(k3, n * m);
      expectOptimal(a, b, c, networkSimplex(a, b, c));
    }
  });

  it("agrees with the monotone coupling in 1D", () => {
    // oracle: in 1D the quantile coupling is optimal (an independent algorithm)
    const [k1, k2, k3] = split(key(5), 3);
    const x = cloud(normal(k1, 300), 1, uniform01(k3, 300));
    const y = cloud(
      normal(k2, 200).map((v) => 2 * v + 1),
      1,
    );
    expect(exactTransport(x, y).cost).toBeCloseTo(w2Squared1d(x, y), 11);
  });

  it("handles duplicates, a cloud of one point, and coordinates at 1e6", () => {
    const x = cloud([0, 0, 0, 0, 1, 1], 2); // two coincident points
    const y = cloud([1, 0, 1, 0, 0, 1], 2);
    expectOptimal(x.w, y.w, squaredDistances(x, y), exactTransport(x, y));
    // one point: W2² = Σ_j b_j |x − y_j|²
    const single = cloud([0.5, -0.5], 2);
    const expected = [0, 1, 2].reduce(
      (s, j) => s + ((0.5 - y.x[2 * j]) ** 2 + (-0.5 - y.x[2 * j + 1]) ** 2) / 3,
      0,
    );
    expect(w2SquaredExact(single, y)).toBeCloseTo(expected, 14);
    // translation invariance far from the origin: no cancellation in |x − y|²
    const z = normal(key(6), 200);
    const w = normal(key(7), 200);
    const near = w2SquaredExact(cloud(z, 2), cloud(w, 2));
    const far = w2SquaredExact(
      cloud(
        z.map((v) => v + 1e6),
        2,
      ),
      cloud(
        w.map((v) => v + 1e6),
        2,
      ),
    );
    expect(Math.abs(far - near)).toBeLessThan(1e-9 * near);
  });

  it.runIf(peersAvailable)("matches POT's emd2 over sizes and dimensions", () => {
    // oracle: POT ot.emd2 via ../shared/peers/w2.py on the same .npy inputs; tol 1e-10 relative (both exact LPs)
    const dir = tempDir();
    for (const [n, m, d] of [
      [50, 80, 1],
      [300, 300, 2],
      [200, 120, 5],
      [400, 400, 3],
    ]) {
      const [kx, ky] = split(key(n + d), 2);
      const xs = normal(kx, n * d);
      const ys = normal(ky, m * d).map((v) => v + 1);
      const peer = runPeer("w2.py", [
        "--x",
        writeCloud(dir, "x.npy", xs, d),
        "--y",
        writeCloud(dir, "y.npy", ys, d),
      ]);
      const ours = w2SquaredExact(cloud(xs, d), cloud(ys, d));
      expect(Math.abs(ours - peer.w2sq_exact) / peer.w2sq_exact).toBeLessThan(1e-10);
    }
  });
});
