import { describe, expect, it } from "vitest";
import { cloud } from "../../src/ot/cloud.js";
import {
  energyDistance,
  klGaussianFit,
  klKde,
  klKnn,
  mmdSquared,
} from "../../src/ot/divergences.js";
import { ks1d, tvHistogram1d, w2Squared1d } from "../../src/ot/oneD.js";
import { slicedW2Squared } from "../../src/ot/sliced.js";
import { distance } from "../../src/ot/distance.js";
import { normalCdf, normalQuantile } from "../../src/core/special.js";
import { key, split } from "../../src/random/key.js";
import { normal } from "../../src/random/sample.js";
import { tempDir } from "../helpers.js";
import { peersAvailable, runPeer, writeCloud } from "../peers.js";

const gaussianCloud = (seed: number, n: number, d: number, shift = 0, sd = 1) =>
  cloud(
    normal(key(seed), n * d).map((v) => sd * v + shift),
    d,
  );

describe("1D distances", () => {
  it("W2 between quantile grids of two Gaussians tends to the closed form", () => {
    // oracle: W2²(N(μ1,s1²), N(μ2,s2²)) = (μ1−μ2)² + (s1−s2)²; tol 2e-3 (quantile-grid tails at n = 20000)
    const n = 20000;
    const q = (mu: number, s: number) =>
      cloud(
        Float64Array.from({ length: n }, (_, i) => mu + s * normalQuantile((i + 0.5) / n)),
        1,
      );
    expect(Math.abs(w2Squared1d(q(0, 1), q(1, 2)) - 2)).toBeLessThan(2e-3);
  });

  it("KS and TV: exact on constructed cases", () => {
    const a = cloud([0, 1, 2, 3], 1);
    const b = cloud([0.5, 1.5, 2.5, 3.5], 1);
    expect(ks1d(a, b)).toBeCloseTo(0.25, 15);
    expect(ks1d(a, a)).toBe(0);
    expect(tvHistogram1d(cloud([0, 0.1, 0.2], 1), cloud([5, 5.1, 5.2], 1), 10)).toBe(1);
    expect(tvHistogram1d(a, a)).toBe(0);
    // two-sample KS of N(0,1) and N(0.5,1) samples → sup |Φ(x) − Φ(x−½)| = 2Φ(¼) − 1
    const ks = ks1d(gaussianCloud(1, 20000, 1), gaussianCloud(2, 20000, 1, 0.5));
    expect(Math.abs(ks - (2 * normalCdf(0.25) - 1))).toBeLessThan(0.02);
  });
});

describe("sliced W2", () => {
  it("between two Dirac masses is |μ|²/d", () => {
    // oracle: E_θ (θ·μ)² = |μ|²/d for θ uniform on the sphere; tol 5 standard errors of the mean over 4000 directions
    const mu = [1, 2, -1];
    const sw2 = slicedW2Squared(cloud([0, 0, 0], 3), cloud(mu, 3), key(3), 4000);
    const exact = 6 / 3;
    expect(Math.abs(sw2 - exact)).toBeLessThan(5 * exact * Math.sqrt(2 / 5 / 4000) * 1.2);
  });

  it("equals W2 in 1D", () => {
    const a = gaussianCloud(4, 500, 1);
    const b = gaussianCloud(5, 300, 1, 1);
    expect(slicedW2Squared(a, b, key(0), 3)).toBeCloseTo(w2Squared1d(a, b), 12);
  });
});

describe("KL estimators and kernel discrepancies", () => {
  it("approach KL(N(0,I) ‖ N(1,I)) = d/2", () => {
    // oracle: closed form |Δμ|²/2 = 1 for d = 2. The sample means alone move the estimate by
    // |Δμ|·√(2/n) (1 sd): 0.014 at n = 20000 → tol 0.06 for the Gaussian fit; 0.032 at n = 4000,
    // plus the k-NN/KDE bias → tol 0.15 for those.
    expect(
      Math.abs(klGaussianFit(gaussianCloud(6, 20000, 2), gaussianCloud(7, 20000, 2, 1)) - 1),
    ).toBeLessThan(0.06);
    const p = gaussianCloud(6, 4000, 2);
    const q = gaussianCloud(7, 4000, 2, 1);
    expect(Math.abs(klKnn(p, q) - 1)).toBeLessThan(0.15);
    expect(Math.abs(klKde(p, q) - 1)).toBeLessThan(0.15);
  });

  it("MMD² matches its Gaussian closed form", () => {
    // oracle: for N(m_i, I) in d dims and kernel e^{−|x−y|²/(2σ²)}: E k = (σ²/(σ²+2))^{d/2} e^{−|Δm|²/(2(σ²+2))};
    // tol 5 standard errors of the U-statistic (≈ 0.004 at n = 3000)
    const d = 2;
    const sigma = 1.5;
    const k = (dm2: number) =>
      (sigma ** 2 / (sigma ** 2 + 2)) ** (d / 2) * Math.exp(-dm2 / (2 * (sigma ** 2 + 2)));
    const exact = 2 * k(0) - 2 * k(2); // shift (1, 1): |Δm|² = 2
    const mmd = mmdSquared(gaussianCloud(8, 3000, 2), gaussianCloud(9, 3000, 2, 1), sigma);
    expect(Math.abs(mmd - exact)).toBeLessThan(0.02);
    // unbiased: identical laws give ≈ 0 (may be slightly negative)
    expect(
      Math.abs(mmdSquared(gaussianCloud(10, 2000, 2), gaussianCloud(11, 2000, 2), sigma)),
    ).toBeLessThan(0.005);
  });

  it("energy distance matches its 1D Gaussian closed form", () => {
    // oracle: X−Y ~ N(μ, 2): E|Z| = s√(2/π)e^{−μ²/2s²} + μ(1 − 2Φ(−μ/s)); E|X−X'| = 2/√π
    const mu = 1;
    const s = Math.SQRT2;
    const cross =
      s * Math.sqrt(2 / Math.PI) * Math.exp(-(mu * mu) / (2 * s * s)) +
      mu * (1 - 2 * normalCdf(-mu / s));
    const exact = 2 * cross - 2 * (2 / Math.sqrt(Math.PI));
    expect(
      Math.abs(energyDistance(gaussianCloud(12, 4000, 1), gaussianCloud(13, 4000, 1, mu)) - exact),
    ).toBeLessThan(0.03);
  });

  it("name their failure modes", () => {
    const dup = cloud([0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5], 2);
    expect(() => klKnn(dup, gaussianCloud(1, 50, 2), 2)).toThrow(/coincident points/);
    expect(() => mmdSquared(cloud([1, 2], 2), gaussianCloud(1, 10, 2))).toThrow(
      /at least 2 points/,
    );
    expect(() => klKnn(cloud([0, 1, 2], 1, [1, 2, 3]), gaussianCloud(1, 10, 1))).toThrow(
      /equally weighted/,
    );
    expect(() => distance("w3", dup, dup)).toThrow(/unknown metric "w3"; metrics: w2/);
    expect(() => distance("sinkhorn", dup, dup)).toThrow(/needs ε/);
  });

  it.runIf(peersAvailable)("agree with the peer kl.py (SciPy k-NN, Gaussian fit)", () => {
    // oracle: ../shared/peers/kl.py on the same inputs; the estimators are deterministic, tol 1e-9
    const dir = tempDir();
    for (const [n, d] of [
      [500, 2],
      [800, 5],
    ]) {
      const [kx, ky] = split(key(n), 2);
      const xs = normal(kx, n * d);
      const ys = normal(ky, n * d).map((v) => 1.5 * v + 0.5);
      const peer = runPeer("kl.py", [
        "--x",
        writeCloud(dir, "x.npy", xs, d),
        "--y",
        writeCloud(dir, "y.npy", ys, d),
      ]);
      const p = cloud(xs, d);
      const q = cloud(ys, d);
      expect(klKnn(p, q)).toBeCloseTo(peer.kl_knn_xy, 9);
      expect(klKnn(q, p)).toBeCloseTo(peer.kl_knn_yx, 9);
      expect(klGaussianFit(p, q) + klGaussianFit(q, p)).toBeCloseTo(peer.symkl_gaussian, 9);
    }
  });
});
