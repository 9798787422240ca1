/**
 * Seed 002 §6: SVGD's kernel bandwidth h, k(x, y) = e^{−|x−y|²/h}, slides between two
 * limits — and Langevin particles beside them on the same target. What the limits are
 * (docs/errata.md derives them; the seed's sentence has them wrong):
 *  - h → ∞: k ≡ 1 and ∇k = 0, so every particle moves by the same E_ρ[∇log π]: a rigid
 *    translation that never changes the cloud's shape (not the W2 flow);
 *  - h → 0 at fixed N: the repulsion between distinct particles vanishes and each one climbs
 *    log π on its own, ẋ_i = ∇log π(x_i)/N — independent deterministic gradient ascents that
 *    collapse onto the modes (not Langevin chains: there is no noise);
 *  - in between (the median heuristic) SVGD samples, as Langevin dynamics — the particle
 *    simulation of the W2 flow of KL — does.
 */
import { z } from "zod";
import { tabulateDensity, w2ToDensity } from "../diagnostics/density1d.js";
import { sum } from "../energies/combine.js";
import { entropy } from "../energies/internal.js";
import { gaussianMixture } from "../energies/mixture.js";
import { gaussian } from "../measures/construct.js";
import { momentsOf } from "../ot/gaussian.js";
import { coordinates1d, massRight } from "./metrics.js";
import { definePreset } from "./types.js";

const targets = {
  mixture: [
    { weight: 1 / 3, mean: [-2], variance: 1 },
    { weight: 2 / 3, mean: [2], variance: 1 },
  ],
  gaussian: [{ weight: 1, mean: [2], variance: 1 }],
} as const;

export const langevinVsSvgdPreset = definePreset({
  name: "langevin-vs-svgd",
  summary:
    "SVGD with a small, median or large kernel bandwidth against Langevin particles on one target (seed 002 §6)",
  source: "seed 002 §6 (SVGD)",
  params: z
    .object({
      target: z
        .enum(["mixture", "gaussian"])
        .default("mixture")
        .describe("⅓N(−2,1) + ⅔N(2,1), or N(2, 1)"),
    })
    .strict(),
  time: { dt: 0.05, until: 20, save_every: 1 },
  // `--set scheme.bandwidth=…` slides SVGD between its limits; `--scheme langevin` beside it.
  scheme: { name: "svgd", params: { n: 200 } },
  tuned: { langevin: { scheme: { n: 200 } } },
  build(p) {
    const target = gaussianMixture(targets[p.target]);
    const table = tabulateDensity((x) => target.logDensity([x]), -12, 12, 20_000);
    return {
      energy: sum(target.potential(), entropy()),
      initial: gaussian({ mean: [0], cov: [[0.25]] }),
      metrics: {
        "w2:target": (m) => w2ToDensity(coordinates1d(m), table),
        mean: (m) => momentsOf(m).mean[0],
        variance: (m) => momentsOf(m).cov.data[0],
        "mass:x>0": massRight,
      },
      problem: {
        target: p.target === "mixture" ? "⅓N(−2, 1) + ⅔N(2, 1)" : "N(2, 1)",
        initial: "N(0, 0.5²)",
        kernel: "e^{−|x−y|²/h}",
      },
      view: { targetPdf: table.pdf, targetLabel: "target", range: [-6, 6], bins: 60 },
    };
  },
});
