import { describe, expect, it } from "vitest";
import { runResult } from "../helpers.js";
import { prepareRun } from "../../src/config/run.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { namedGraph } from "../../src/graph/graph.js";
import type { Particles } from "../../src/measures/types.js";
import { logarithmicMean, relativeEntropy } from "../../src/schemes/graphFlow.js";

const run = async (sets: string[]) => {
  const config = resolveRunConfig("graph-heat", sets);
  return runResult(config);
};
const max = (xs: number[]) => Math.max(...xs);

describe("graph-heat preset (seed 002, discrete flows on graphs)", () => {
  it("the entropy's gradient flow in Maas's metric is the random walk's heat semigroup", async () => {
    // oracle: e^{tL}p₀ by an independent eigendecomposition of the generator. The flow is
    // integrated in its nonlinear gradient form (logarithmic means), so the match is RK4's:
    // max L1 error over the run measured 1e-7 to 9e-7 at dt = 0.02 (tol 2e-6), and halving
    // dt divides it by 16.5–17.3 (fourth order: 16; tol ≥ 12).
    for (const sets of [
      ["graph=cycle:12"],
      ["graph=grid:4x5"],
      ["graph=star:9"],
      ["graph=complete:7"],
      ["edges=[[0,1],[1,2,0.5],[2,0],[2,3,3]]"],
    ]) {
      const coarse = await run([...sets, "dt=0.02"]);
      const fine = await run([...sets, "dt=0.01"]);
      expect(coarse.status, sets.join(" ")).toBe("ok");
      const e1 = max(coarse.history.metrics["l1:semigroup"]);
      const e2 = max(fine.history.metrics["l1:semigroup"]);
      expect(e1, sets.join(" ")).toBeLessThan(2e-6);
      expect(e1 / e2, sets.join(" ")).toBeGreaterThan(12);
    }
  });

  it("H decreases at the rate of the discrete Fisher information Σ w θ (Δ log p)²", async () => {
    // oracle: the energy-dissipation identity dH/dt = −⟨DH, K(p) DH⟩, against a central
    // difference of H over ±dt around each snapshot from t = 0.3 (error O(dt²·H‴)): measured
    // ≤ 1.8e-6 relative to the dissipation; tol 1e-5.
    const graph = namedGraph("path:6");
    const dt = 0.001;
    const r = await run(["graph=path:6", `dt=${dt}`, "until=2", "save_every=0.001"]);
    const h = r.history.energy;
    for (let k = 300; k < h.length - 1; k += 300) {
      const p = (r.snapshots[k].measure as Particles).weights!;
      let fisher = 0;
      for (const { i, j, w } of graph.edges)
        fisher += w * logarithmicMean(p[i], p[j]) * Math.log(p[j] / p[i]) ** 2;
      const slope = (h[k + 1] - h[k - 1]) / (2 * dt);
      expect(Math.abs(slope + fisher) / fisher).toBeLessThan(1e-5);
      expect(relativeEntropy(p)).toBeCloseTo(h[k], 12);
    }
  });

  it("the logarithmic mean is continuous across its series branch and solves θ·Δlog = Δ", () => {
    for (const [a, b] of [
      [0.3, 0.3 * (1 + 0.99e-4)],
      [0.3, 0.3 * (1 + 1.01e-4)],
      [1e-8, 2e-8],
      [0.5, 0.2],
    ]) {
      const theta = logarithmicMean(a, b);
      expect(Math.abs(theta * (Math.log(a) - Math.log(b)) - (a - b))).toBeLessThan(1e-15);
    }
    expect(logarithmicMean(0, 1)).toBe(0);
  });

  it("too large a step ends the run 'unstable' with step advice, not as bad input", async () => {
    // dt = 10 overshoots RK4's stability interval: a node mass goes negative on the first step
    const r = await run(["dt=10", "until=20"]);
    expect(r.status).toBe("unstable");
    expect(r.advice).toMatch(/mass at node \d+ became -[\d.]+[\s\S]*try dt ≤ 2\.5/);
  });

  it("refuses graphs it cannot flow on, saying why", () => {
    expect(() => resolveAndBuild(["edges=[[0,1],[2,3]]"])).toThrow(/not connected/);
    expect(() => resolveAndBuild(["edges=[[0,0]]"])).toThrow(/loop/);
    expect(() => resolveAndBuild(["edges=[[0,1,-1]]"])).toThrow(/weight/);
    expect(() => resolveAndBuild(["graph=torus:5"])).toThrow(/cycle:N/);
  });
});

function resolveAndBuild(sets: string[]) {
  return prepareRun(resolveRunConfig("graph-heat", sets));
}

describe("graph-heat run directory", () => {
  it("keeps the node masses (the particles' weights) bit for bit", async () => {
    // oracle: the in-memory final state; weights are written as their own .npy and read back.
    const { executeRun } = await import("../../src/cli/execute.js");
    const { readIndex, readSnapshot } = await import("../../src/io/runDir.js");
    const { tempDir } = await import("../helpers.js");
    const out = `${tempDir()}/run`;
    await executeRun(resolveRunConfig("graph-heat", ["until=1"]), { out, quiet: true });
    const index = readIndex(out);
    const last = readSnapshot(out, index[index.length - 1]) as Particles;
    const r = await run(["until=1"]);
    expect(Array.from(last.weights!)).toEqual(Array.from((r.final.measure as Particles).weights!));
  });
});
