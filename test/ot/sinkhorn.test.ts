import { describe, expect, it } from "vitest";
import { cloud } from "../../src/ot/cloud.js";
import { sinkhorn, sinkhornDivergence } from "../../src/ot/sinkhorn.js";
import { ConfigError } from "../../src/core/errors.js";
import { key, split } from "../../src/random/key.js";
import { normal } from "../../src/random/sample.js";
import { tempDir } from "../helpers.js";
import { peersAvailable, runPeer, writeCloud } from "../peers.js";

const pair = (n: number, d: number, seed: number, shift = 1) => {
  const [kx, ky] = split(key(seed), 2);
  return [normal(kx, n * d), normal(ky, n * d).map((v) => v + shift)] as const;
};

describe("entropic OT and the Sinkhorn divergence", () => {
  it("satisfies both marginals to the tolerance and reports OT_ε = ⟨a,f⟩ + ⟨b,g⟩", () => {
    const [xs, ys] = pair(200, 3, 2);
    const r = sinkhorn(cloud(xs, 3), cloud(ys, 3), 0.5, { tol: 1e-10 });
    expect(r.converged).toBe(true);
    expect(r.marginalError).toBeLessThan(1e-9); // converged ⇔ error ≤ 10·tol
    // OT_ε ≥ ⟨P, C⟩ since the KL term is ≥ 0
    expect(r.cost).toBeGreaterThanOrEqual(r.transportCost - 1e-9);
  });

  it("divergence is 0 for identical clouds and positive, finite for ε from 1e-4 to 10", () => {
    // oracle: S_ε(α, α) = 0 by construction; S_ε ≥ 0 for the Gaussian-type kernel e^{−|x−y|²/ε}
    const [xs, ys] = pair(40, 2, 3, 0.5);
    const x = cloud(xs, 2);
    expect(sinkhornDivergence(x, x, 0.1).value).toBeLessThan(1e-9);
    for (const eps of [1e-4, 1e-3, 0.1, 1, 10]) {
      const s = sinkhornDivergence(x, cloud(ys, 2), eps, { tol: 1e-7 });
      expect(Number.isFinite(s.value), `ε = ${eps}`).toBe(true);
      expect(s.value).toBeGreaterThan(0);
    }
  });

  it("is translation invariant at 1e6 scale and handles duplicates and a single point", () => {
    const [xs, ys] = pair(50, 2, 4);
    const near = sinkhorn(cloud(xs, 2), cloud(ys, 2), 0.1).transportCost;
    const far = sinkhorn(
      cloud(
        xs.map((v) => v + 1e6),
        2,
      ),
      cloud(
        ys.map((v) => v + 1e6),
        2,
      ),
      0.1,
    ).transportCost;
    expect(Math.abs(far - near)).toBeLessThan(1e-6 * near);
    const dup = cloud([0, 0, 0, 0, 1, 1], 2);
    expect(Number.isFinite(sinkhornDivergence(dup, cloud(ys, 2), 0.1).value)).toBe(true);
    // one point: the only coupling is a ⊗ b, so ⟨P, C⟩ = Σ_j b_j |x − y_j|² at any ε
    const one = cloud([0.3, 0.2], 2);
    const y = cloud(ys, 2);
    const expected = Array.from(
      { length: 50 },
      (_, j) => ((0.3 - ys[2 * j]) ** 2 + (0.2 - ys[2 * j + 1]) ** 2) / 50,
    ).reduce((s, v) => s + v, 0);
    expect(sinkhorn(one, y, 0.01).transportCost).toBeCloseTo(expected, 9);
  });

  it("normalises weights that do not sum to one, and names bad input", () => {
    const [xs, ys] = pair(30, 2, 5);
    const w = new Float64Array(30).fill(7);
    expect(sinkhorn(cloud(xs, 2, w), cloud(ys, 2), 0.1).cost).toBeCloseTo(
      sinkhorn(cloud(xs, 2), cloud(ys, 2), 0.1).cost,
      10,
    );
    expect(() => cloud([0, NaN], 2)).toThrow(/coordinate 1 of point 0 is NaN/);
    expect(() => sinkhorn(cloud(xs, 2), cloud(ys, 2), 0)).toThrow(ConfigError);
    expect(() => sinkhorn(cloud(xs, 2), cloud(ys, 1), 0.1)).toThrow(/dimension/);
  });

  it.runIf(peersAvailable)("matches POT's log-domain sinkhorn2 value", () => {
    // oracle: POT ot.sinkhorn2(method="sinkhorn_log") on the same inputs, both run to a 1e-9 marginal
    // error; the values agree to what that error allows (≈ 1e-9 · max C)
    const dir = tempDir();
    for (const [n, d, eps] of [
      [100, 2, 1],
      [150, 3, 0.3],
    ] as const) {
      const [xs, ys] = pair(n, d, n);
      const peer = runPeer("w2.py", [
        "--x",
        writeCloud(dir, "x.npy", xs, d),
        "--y",
        writeCloud(dir, "y.npy", ys, d),
        "--eps",
        String(eps),
      ]);
      const ours = sinkhorn(cloud(xs, d), cloud(ys, d), eps).transportCost;
      expect(Math.abs(ours - peer.w2sq_sinkhorn)).toBeLessThan(1e-7);
    }
  });
});
