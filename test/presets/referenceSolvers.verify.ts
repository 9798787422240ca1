import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { executeRun } from "../../src/cli/execute.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { tempDir } from "../helpers.js";

const last = (xs: number[]) => xs[xs.length - 1];

describe("fokker-planck-grid preset with scheme=entropic-jko", () => {
  it("settles at a KL floor set by the blur, which falls like ε², conserving mass", async () => {
    // oracle: the discrete steady state ∝ e^{−V}; the blur ε/(4τ) perturbs the steady state
    // by O(ε), so KL by O(ε²). Measured at 48², dt = 0.4: 2.45e-3 (ε = 2h²), 6.3e-4 (ε = h²),
    // ratio 3.9. Tol: floor < 5e-3, ratio > 2.5 (between first and second order in ε).
    const floors: number[] = [];
    for (const epsilon of [0.125, 0.0625]) {
      const { summary } = await executeRun(
        resolveRunConfig("fokker-planck-grid", [
          "n=48",
          "scheme=entropic-jko-2d",
          "dt=0.4",
          `scheme.epsilon=${epsilon}`,
        ]),
        { out: join(tempDir(), "fpj"), quiet: true },
      );
      expect(summary.status).toBe("ok");
      const kl = summary.metrics["kl:discrete-steady"];
      for (let k = 1; k < kl.length; k++) expect(kl[k]).toBeLessThan(kl[k - 1]);
      const mass = summary.metrics.mass;
      expect(Math.abs(last(mass) - mass[0])).toBeLessThan(1e-12);
      floors.push(last(kl));
    }
    expect(floors[0]).toBeLessThan(5e-3);
    expect(floors[0] / floors[1]).toBeGreaterThan(2.5);
  });
});

describe("aggregation-diffusion preset (seed 001 §4.4)", () => {
  it("splits into four pulses, merges them, and settles on the radial steady state", async () => {
    // oracle: the independent radial fixed point (diagnostics/radialSteady.ts); at 48² cells the
    // L1 distance of the settled pulse is 0.005 (measured), so tol 0.02
    const { summary } = await executeRun(
      resolveRunConfig("aggregation-diffusion", ["n=48", "until=240", "save_every=8"]),
      {
        out: join(tempDir(), "ad"),
        quiet: true,
      },
    );
    expect(summary.status).toBe("ok");
    const ev = summary.events!;
    expect(ev.four_pulses).not.toBeNull();
    expect(ev.merged).not.toBeNull();
    expect(ev.merged!).toBeGreaterThan(ev.four_pulses!);
    // The four local maxima appear before the four tall, separate pulses do; both are defined.
    expect(ev.four_maxima).not.toBeNull();
    expect(ev.four_maxima!).toBeLessThanOrEqual(ev.four_pulses!);
    expect(Object.keys(summary.event_definitions!)).toEqual(
      expect.arrayContaining(["four_maxima", "four_pulses", "merged", "steady"]),
    );
    expect(last(summary.metrics.pulses)).toBe(1);
    expect(last(summary.metrics["l1:radial-steady"])).toBeLessThan(0.02);
    for (let k = 1; k < summary.energy.length; k++)
      expect(summary.energy[k]).toBeLessThanOrEqual(summary.energy[k - 1]);
  });
});
