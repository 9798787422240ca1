/** Panels 1–2: exact 1D JKO — the heat flow's iterates, and heat against porous media. */
import { densityCurves, quantilePaths, sharedDensityAxes } from "../lines.js";
import type { Panel } from "./types.js";

export const heatPanel: Panel = {
  id: "heat",
  title: "JKO for the heat flow in 1D",
  lead: "Each iterate is one implicit (JKO) step of the entropy's Wasserstein gradient flow, coloured from red (early) to blue (late). The right figure follows the quantiles $Q_t(s)$: the same movement seen in Lagrangian coordinates.",
  equation:
    "\\rho_{k+1} = \\operatorname*{arg\\,min}_{\\rho}\\; \\frac{1}{2\\tau} W_2^2(\\rho, \\rho_k) + \\int \\rho \\log \\rho",
  guide: "documents/JKO.html",
  controls: [
    {
      kind: "range",
      name: "tau",
      label: "step size τ",
      min: 0.01,
      max: 0.3,
      step: 0.01,
      value: 0.05,
    },
    {
      kind: "range",
      name: "steps",
      label: "iterations",
      min: 1,
      max: 60,
      step: 1,
      value: 20,
      time: true,
    },
  ],
  timeOf: (v) => Number(v.tau) * Number(v.steps),
  jobs: (v) => [
    {
      name: "heat",
      preset: "heat-1d",
      values: {
        dt: v.tau,
        until: Number(v.tau) * Number(v.steps),
        save_every: v.tau,
        "scheme.n": 400,
      },
      seed: 0,
      metrics: [],
      extend: true,
    },
  ],
  draw(state) {
    const frames = state.jobs.get("heat")?.snapshots ?? [];
    const tEnd = Number(state.values.tau) * Number(state.values.steps);
    return [
      densityCurves(frames, "JKO iterates ρ_k", tEnd),
      quantilePaths(frames, "Quantile trajectories Q_t(s)", tEnd),
    ];
  },
};

/** The exponents side by side: the heat flow, the seed's m = 2, and the one the control picks. */
const EXPONENTS = (m: number) => [1, 2, m];

export const porousPanel: Panel = {
  id: "porous",
  title: "Heat vs porous medium from one compact start",
  lead: "One compact start, three energies, shared axes. The entropy $\\rho\\log\\rho$ ($m = 1$) gives the heat flow: the support is instantly the whole line, with Gaussian tails. The power entropy $\\rho^m/(m-1)$ gives $\\partial_t\\rho = \\Delta\\rho^m$: a compact front that moves at finite speed, the mass spreading mostly from the core; the larger m, the flatter the core and the steeper the front. All three by exact 1D JKO.",
  equation:
    "\\partial_t \\rho = \\Delta \\rho^m = \\nabla\\cdot\\Big(\\rho\\,\\nabla \\frac{m\\,\\rho^{m-1}}{m-1}\\Big), \\qquad \\mathcal F(\\rho) = \\int \\frac{\\rho^m}{m-1}",
  guide: "documents/Displacement_convexity.html",
  controls: [
    {
      kind: "range",
      name: "m",
      label: "exponent m (right)",
      min: 1.5,
      max: 8,
      step: 0.5,
      value: 6,
    },
    {
      kind: "range",
      name: "time",
      label: "time",
      min: 0.1,
      max: 3,
      step: 0.1,
      value: 1,
      time: true,
    },
  ],
  jobs: (v) =>
    EXPONENTS(Number(v.m)).map((m, k) => ({
      name: `m${k}`,
      preset: "porous-1d",
      values: {
        m,
        dt: 0.02,
        until: 0.02 * Math.max(1, Math.round(Number(v.time) / 0.02)),
        save_every: 0.1,
        "scheme.n": 400,
      },
      seed: 0,
      metrics: [],
      extend: true,
    })),
  draw(state) {
    const { jobs, values } = state;
    const t = Number(values.time);
    const sets = [0, 1, 2].map((k) => jobs.get(`m${k}`)?.snapshots ?? []);
    const axes = sharedDensityAxes(sets);
    // Shared axes: each figure's static layer depends on all three runs.
    return EXPONENTS(Number(values.m)).map((m, k) =>
      densityCurves(sets[k], m === 1 ? "heat flow (m = 1)" : `porous medium (m = ${m})`, t, {
        ...axes,
        front: m > 1,
        columns: 3,
      }),
    );
  },
};
