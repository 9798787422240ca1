import { describe, expect, it } from "vitest";
import { cloud } from "../../src/ot/cloud.js";
import { w2SquaredExact } from "../../src/ot/exact.js";
import { sinkhorn } from "../../src/ot/sinkhorn.js";
import { key, split } from "../../src/random/key.js";
import { normal } from "../../src/random/sample.js";
import { tempDir } from "../helpers.js";
import { peersAvailable, runPeer, writeCloud } from "../peers.js";

const pair = (n: number, d: number, seed: number, shift = 1) => {
  const [kx, ky] = split(key(seed), 2);
  return [normal(kx, n * d), normal(ky, n * d).map((v) => v + shift)] as const;
};

describe("entropic OT and the Sinkhorn divergence", () => {
  it("converges to the exact W2² as ε → 0", () => {
    // oracle: exact LP; ⟨P_ε, C⟩ − W2² = O(ε log(1/ε)) for discrete measures, so the gap must shrink
    const [xs, ys] = pair(60, 2, 1);
    const x = cloud(xs, 2);
    const y = cloud(ys, 2);
    const exact = w2SquaredExact(x, y);
    const gaps = [0.1, 0.01, 0.001].map((eps) => sinkhorn(x, y, eps).transportCost - exact);
    expect(gaps[0]).toBeGreaterThan(gaps[1]);
    expect(Math.abs(gaps[2])).toBeLessThan(2e-3 * exact);
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
