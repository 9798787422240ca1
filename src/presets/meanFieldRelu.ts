/**
 * Seed 004, "Training two-layer MLPs as Wasserstein flows": the mean-field flow of n ReLU
 * neurons towards a teacher of m unit neurons, with the exact population risk for Gaussian
 * inputs (schemes/meanFieldNetwork.ts). Neurons start balanced (a = |w| = scale) with
 * evenly spread directions; the report tracks the risk and how much of the network's weight
 * |a|·|w| gathers near the teacher directions.
 */
import { z } from "zod";
import type { Measure, Particles } from "../measures/types.js";
import { networkRisk } from "../energies/problemTerms.js";
import { definePreset } from "./types.js";

/**
 * Share of Σ|a||w| carried by neurons within `degrees` of a teacher line ±w*_k. Evenly spread
 * teacher directions sum to zero, so the linear parts of their ReLUs cancel and the target
 * ½Σ|w*_k·z| is even: neurons at −w*_k fit it as well as neurons at w*_k.
 */
export function massNearTeacher(m: Measure, directions: Float64Array, degrees = 10): number {
  const p = m as Particles;
  const cosLimit = Math.cos((degrees * Math.PI) / 180);
  let near = 0;
  let total = 0;
  for (let i = 0; i < p.n; i++) {
    const [w0, w1, a] = [p.x[3 * i], p.x[3 * i + 1], p.x[3 * i + 2]];
    const nw = Math.hypot(w0, w1);
    const weight = Math.abs(a) * nw;
    total += weight;
    if (nw === 0) continue;
    for (let k = 0; k < directions.length / 2; k++)
      if (Math.abs(w0 * directions[2 * k] + w1 * directions[2 * k + 1]) / nw >= cosLimit) {
        near += weight;
        break;
      }
  }
  return total > 0 ? near / total : 0;
}

export const meanFieldReluPreset = definePreset({
  name: "mean-field-relu",
  summary:
    "Mean-field training of a wide two-layer ReLU network as a Wasserstein flow of neurons towards a teacher (seed 004, two-layer MLPs)",
  source: "seed 004, training two-layer MLPs as Wasserstein flows",
  params: z
    .object({
      n: z.number().int().min(1).max(5000).default(100).describe("student width (neurons)"),
      teacher: z
        .number()
        .int()
        .min(1)
        .max(12)
        .default(3)
        .describe("teacher neurons, evenly spread"),
      homogeneity: z
        .union([z.literal(1), z.literal(2)])
        .default(2)
        .describe("2: train w and a; 1: fixed outer weights"),
      scale: z.number().positive().max(10).default(0.1).describe("initial |w| = a"),
    })
    .strict(),
  time: { dt: 0.5, until: 1000, save_every: 50 },
  decides: ["n", "start"],
  scheme: { name: "mean-field-network" },
  build(p) {
    const directions = new Float64Array(2 * p.teacher);
    for (let k = 0; k < p.teacher; k++) {
      const angle = Math.PI / 6 + (2 * Math.PI * k) / p.teacher;
      directions[2 * k] = Math.cos(angle);
      directions[2 * k + 1] = Math.sin(angle);
    }
    const x = new Float64Array(3 * p.n);
    for (let i = 0; i < p.n; i++) {
      const theta = (2 * Math.PI * (i + 0.5)) / p.n;
      x[3 * i] = p.scale * Math.cos(theta);
      x[3 * i + 1] = p.scale * Math.sin(theta);
      x[3 * i + 2] = p.homogeneity === 2 ? p.scale : 1;
    }
    const initial: Particles = { kind: "particles", n: p.n, d: 3, x };
    return {
      energy: networkRisk({ directions, trainOuter: p.homogeneity === 2 }),
      initial,
      metrics: {
        "weight-near-teacher-lines": (m) => massNearTeacher(m, directions),
      },
      problem: {
        neuron: "(w1, w2, a): a·ReLU(w·z), z ~ N(0, I₂)",
        teacher_directions: Array.from(directions),
        risk: "exact population risk via the arc-cosine kernel",
      },
      view: {},
    };
  },
});
