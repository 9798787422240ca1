import { describe, expect, it } from "vitest";
import { energyAt, flow, schedule } from "../../src/flow/flow.js";
import type { Checkpoint } from "../../src/flow/types.js";
import { doubleWell, kl, quadratic } from "../../src/energies/index.js";
import { gaussian } from "../../src/measures/construct.js";
import { key } from "../../src/random/key.js";
import { langevin } from "../../src/schemes/langevin.js";
import { interactionOde } from "../../src/schemes/interactionOde.js";
import { decodeCheckpoint, encodeCheckpoint } from "../../src/io/checkpointFile.js";
import type { Particles } from "../../src/measures/types.js";

const base = () => ({
  energy: kl(doubleWell()),
  initial: gaussian({ mean: [0], cov: [[0.05 ** 2]] }),
  dt: 0.005,
  scheme: langevin({ n: 500 }),
  until: 1,
  saveEvery: 0.1,
  key: key(7),
});

describe("flow()", () => {
  it("plans steps and saves without accumulated rounding", () => {
    const s = schedule(1, 0.3, 0.3);
    expect(s.steps).toBe(4);
    expect(s.timeAt(4)).toBe(1);
    expect(s.timeAt(3)).toBeCloseTo(0.9, 15);
    expect([0, 1, 2, 3, 4].filter(s.isSave)).toEqual([0, 1, 2, 3, 4]);
    expect(schedule(10, 0.005, 0.5).steps).toBe(2000);
  });

  it("records snapshots at every saveEvery, with energy and metrics aligned with t", async () => {
    const run = await flow({
      ...base(),
      metrics: { mean: (m) => (m as Particles).x.reduce((a, b) => a + b, 0) },
    });
    expect(run.status).toBe("ok");
    expect(run.history.t.map((t) => Number(t.toFixed(10)))).toEqual([
      0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1,
    ]);
    expect(run.history.energy).toHaveLength(11);
    expect(run.history.metrics.mean).toHaveLength(11);
    expect(run.snapshots).toHaveLength(11);
  });

  it("ends 'diverged' with advice when the step is too large, keeping the snapshots so far", async () => {
    // dt = 0.6 on the double well: x ← x − 2.4x(x²−1) overflows within a few steps
    const run = await flow({
      ...base(),
      dt: 0.6,
      scheme: langevin({ n: 200 }),
      until: 30,
      saveEvery: 0.6,
    });
    expect(run.status).toBe("diverged");
    expect(run.advice).toMatch(/try dt ≤ 0\.15/);
    expect(run.snapshots.length).toBeGreaterThanOrEqual(1);
    for (const s of run.snapshots)
      expect((s.measure as Particles).x.every(Number.isFinite)).toBe(true);
  });

  it("ends 'unstable' when a deterministic scheme raises the energy", async () => {
    // V = x²/2 with dt = 2.5: x ← −1.5x, so F grows by 2.25× per step long before any overflow
    const run = await flow({
      energy: quadratic({ A: [[1]], b: [0] }),
      initial: gaussian({ mean: [1], cov: [[1]] }),
      dt: 2.5,
      scheme: interactionOde({ n: 50 }),
      until: 25,
      saveEvery: 2.5,
      key: key(0),
    });
    expect(run.status).toBe("unstable");
    expect(run.advice).toMatch(/F rose/);
  });

  it("ends 'stalled' when its wall-clock budget runs out", async () => {
    const run = await flow({ ...base(), until: 1000, maxWallMs: 50 });
    expect(run.status).toBe("stalled");
    expect(run.advice).toMatch(/budget/);
  });

  it("cancels on an AbortSignal, and a resumed run ends bit-identical to an uninterrupted one", async () => {
    // oracle: per-step keys are foldIn(key, step), so the continuation draws the same numbers
    const full = await flow(base());
    const controller = new AbortController();
    let saved: Checkpoint | undefined;
    const cut = await flow({
      ...base(),
      signal: controller.signal,
      onCheckpoint: (c) => {
        saved = decodeCheckpoint(Buffer.concat(encodeCheckpoint(c)), "c") as Checkpoint; // through the on-disk encoding
      },
      onStep: (p) => {
        if (p.step === 77) controller.abort();
      },
    });
    expect(cut.status).toBe("cancelled");
    expect(saved!.state.step).toBe(60);
    const resumed = await flow({ ...base(), resume: saved });
    expect(resumed.status).toBe("ok");
    expect((resumed.final.measure as Particles).x).toEqual((full.final.measure as Particles).x);
    expect(resumed.history.energy).toEqual(full.history.energy);
    expect(resumed.history.t).toEqual(full.history.t);
  });

  it("yields by the caller's function when given one, the run unchanged", async () => {
    // oracle: the same run yielding by the default timer (bit-identical energies and particles)
    let hops = 0;
    const yieldControl = () => {
      hops++;
      return Promise.resolve();
    };
    const [plain, hopped] = await Promise.all([
      flow({ ...base(), yieldEveryMs: 0 }),
      flow({ ...base(), yieldEveryMs: 0, yieldControl }),
    ]);
    expect(hops).toBeGreaterThan(10);
    expect(hopped.history.energy).toEqual(plain.history.energy);
    expect((hopped.final.measure as Particles).x).toEqual((plain.final.measure as Particles).x);
  });

  it("validates its options", async () => {
    await expect(flow({ ...base(), until: -1 })).rejects.toThrow(/until/);
    await expect(flow({ ...base(), saveEvery: 0 })).rejects.toThrow(/saveEvery/);
  });

  it("announces its plan before the first save, and can leave the snapshots to the caller", async () => {
    let plan: { steps: number; saves: number } | undefined;
    let saved = 0;
    const r = await flow({
      ...base(),
      until: 0.1,
      saveEvery: 0.03, // 20 steps, a save every 6: steps 0, 6, 12, 18 and the last, 20
      keepSnapshots: false,
      onStart: (s, p) => {
        expect(saved).toBe(0);
        expect(s.step).toBe(0);
        plan = p;
      },
      onSnapshot: () => void saved++,
    });
    expect(plan).toEqual({ steps: 20, saves: 5 });
    expect(saved).toBe(5);
    expect(r.snapshots).toHaveLength(0);
  });

  it("leaves F for later where no check reads it (energyOnlyForChecks), and energyAt gives the loop's F", async () => {
    // oracle: the same run with F in the loop. Langevin is stochastic, so no check reads F: the
    // run records NaN, and energyAt on each snapshot (the loop's estimator and key) gives the
    // loop's F bit for bit. A deterministic scheme's F is checked, so it stays in the loop.
    const [full, late] = await Promise.all([
      flow(base()),
      flow({ ...base(), energyOnlyForChecks: true }),
    ]);
    expect(late.status).toBe("ok");
    expect(late.history.energy.every(Number.isNaN)).toBe(true);
    expect(late.snapshots.map((s) => energyAt(base(), s.measure, s.step))).toEqual(
      full.history.energy,
    );
    const ode = () => ({
      ...base(),
      energy: quadratic({ A: [[1]], b: [0] }),
      scheme: interactionOde({ n: 200 }),
    });
    const [checked, checkedLate] = await Promise.all([
      flow(ode()),
      flow({ ...ode(), energyOnlyForChecks: true }),
    ]);
    expect(checkedLate.history.energy).toEqual(checked.history.energy);
    expect(checked.history.energy.every(Number.isFinite)).toBe(true);
  });
});
