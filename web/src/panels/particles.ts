/** Panels 3–5: particle flows — MMD, interaction kernels, discrepancy geometries. */
import type { Values } from "../controls.js";
import { curves } from "../lines.js";
import { scatter } from "../scatter.js";
import { type Panel, particlesOf, series, startOf, trails } from "./types.js";

const PLANE: [[number, number], [number, number]] = [
  [-3.5, 4.5],
  [-3, 3],
];

export const mmdPanel: Panel = {
  id: "mmd",
  title: "MMD particle flow to a target",
  lead: "A compact cloud of particles (red) starts away from a two-Gaussian teacher, shown only through its true density contours, and follows the gradient of the squared MMD to the teacher's samples; thin curves trace a few particles from red (early) to blue (late), and the blue dots are where the particles settle. With few particles the cloud is a sparse quadrature that can under-cover the modes; more particles approximate the teacher's geometry more faithfully. The Gaussian kernel is local: too narrow a width and far particles barely feel the teacher.",
  equation:
    "\\dot X_i = -\\nabla_x \\frac{\\delta}{\\delta \\rho}\\, \\tfrac12 \\mathrm{MMD}_k^2(\\rho_N, \\nu)\\,(X_i), \\qquad \\rho_N = \\frac1N \\sum_j \\delta_{X_j}",
  guide: "documents/Choosing_a_scheme.html",
  controls: [
    { kind: "range", name: "n", label: "particles", min: 20, max: 800, step: 10, value: 200 },
    {
      kind: "select",
      name: "kernel",
      label: "kernel",
      options: ["energy-distance", "gaussian"],
      value: "energy-distance",
    },
    {
      kind: "range",
      name: "width",
      label: "kernel width σ",
      min: 0.1,
      max: 3,
      step: 0.05,
      value: 1,
      inactive: (v) =>
        v.kernel === "gaussian" ? undefined : "the energy-distance kernel −|x − y| has no width",
    },
  ],
  jobs: (v) => [
    {
      name: "mmd",
      preset: "mmd-flow",
      values: {
        "scheme.n": v.n,
        kernel: v.kernel,
        ...(v.kernel === "gaussian" ? { width: v.width } : {}),
        teacher: 600,
        dt: 0.5,
        until: 40,
        save_every: 0.5,
      },
      seed: 0,
      metrics: ["energy-distance:teacher"],
    },
  ],
  draw(state) {
    const job = state.jobs.get("mmd");
    return [
      scatter(particlesOf(job), {
        title: "particles and the teacher's density",
        description:
          "red dots: the start; lines: particle paths from red (early) to blue (late); blue dots: the particles now; blue contours: the teacher's density",
        contours: job?.referenceDensity,
        start: startOf(job),
        trails: trails(job, 16),
        tEnd: job?.until,
        current: "late",
        domain: PLANE,
      }),
      curves(
        { "energy distance": series(job, "energy-distance:teacher") },
        "distance to the teacher's samples",
        "energy distance",
        {
          scale: "signed-log",
          note: "an unbiased estimate: it can fall below 0 once the particles match the teacher within its sampling noise",
          tEnd: job?.until,
        },
      ),
    ];
  },
};

/** The preset's mode for a signed strength: repulsion above 0, collapse below. */
const interactionMode = (v: Values): string =>
  Number(v.s) < 0
    ? "gaussian-collapse"
    : v.longRange === "on"
      ? "gaussian-balanced"
      : "gaussian-repulsion";

export const interactionPanel: Panel = {
  id: "interaction",
  title: "Interaction kernels",
  lead: "One particle ODE, three behaviours. With the Gaussian kernel $k(x, y) = e^{-|x - y|^2/(2\\sigma^2)}$ and s > 0, Wasserstein descent of the interaction energy pushes particles apart at short range; s < 0 turns the same kernel into attraction, and the cloud collapses; adding the long-range attraction $\\tfrac12|x - y|^2$ to the repulsion balances the two, and the particles self-organise into a steady pattern. Each path is coloured from red to blue by the arclength it has travelled.",
  equation:
    "\\dot X_i = -\\frac{1}{N} \\sum_{j \\ne i} \\nabla W(X_i - X_j), \\qquad W(z) = s\\, e^{-|z|^2/(2\\sigma^2)} \\;\\Big[ + \\tfrac12 |z|^2 \\Big]",
  guide: "documents/Velocity.html",
  controls: [
    {
      kind: "range",
      name: "s",
      label: "interaction s (< 0 attracts, > 0 repels)",
      min: -3,
      max: 3,
      step: 0.1,
      value: 1.5,
    },
    {
      kind: "select",
      name: "longRange",
      label: "long-range attraction ½|x − y|²",
      options: ["off", "on"],
      value: "on",
      inactive: (v) => (Number(v.s) < 0 ? "with s < 0 the cloud collapses on its own" : undefined),
    },
    { kind: "range", name: "time", label: "time", min: 1, max: 20, step: 1, value: 8, time: true },
  ],
  jobs: (v) => [
    {
      name: "particles",
      preset: "interaction-kernels",
      values: {
        mode: interactionMode(v),
        strength: Math.abs(Number(v.s)),
        width: 0.5,
        n: 300,
        dt: 0.01,
        until: v.time,
        save_every: 0.1,
      },
      seed: 0,
      metrics: ["mean-|x|²"],
      extend: true,
    },
  ],
  draw(state) {
    const job = state.jobs.get("particles");
    const p = particlesOf(job);
    const start = startOf(job);
    let r = 2.5;
    for (const m of [p, start])
      if (m) for (let k = 0; k < m.x.length; k++) r = Math.max(r, Math.abs(m.x[k]) * 1.05);
    // In steps of ½: the axes (a cached layer) change only when the cloud outgrows them.
    r = Math.ceil(r * 2) / 2;
    return [
      scatter(p, {
        title: "particles and their paths",
        description:
          "particles now (blue), where they started (red), and paths coloured by arclength",
        start,
        trails: trails(job, 24),
        byArclength: true,
        current: "late",
        domain: [
          [-r, r],
          [-r, r],
        ],
      }),
      curves({ "mean |x|²": series(job, "mean-|x|²") }, "second moment", "mean |x|²", {
        tEnd: job?.until,
      }),
    ];
  },
};

const GEOMETRIES = [
  ["ot", "OT displacement (½W₂²)"],
  ["mmd", "MMD witness"],
  ["sinkhorn", "Sinkhorn divergence"],
  ["drifting", "drifting field"],
] as const;

export const geometryPanel: Panel = {
  id: "geometry",
  title: "Discrepancy geometries",
  lead: "The same red particles and the same blue target under four discrepancies, side by side. OT displacement moves along straight rays of an optimal matching; the MMD witness gives a smooth, nonlocal force; the Sinkhorn divergence is a debiased, entropic transport pull; the drifting field combines attraction to the data with self-repulsion. The smoothing σ is the kernel width of the last three ($\\varepsilon = \\sigma^2$ for Sinkhorn); OT has none. The figure compares geometric behaviour, not solver performance.",
  equation:
    "\\dot X_i = -\\nabla \\frac{\\delta D(\\rho, \\nu)}{\\delta \\rho}(X_i), \\qquad D \\in \\{\\tfrac12 W_2^2,\\ \\mathrm{MMD}^2,\\ S_\\varepsilon,\\ \\text{drifting}\\}",
  guide: "documents/Benamou-Brenier.html",
  controls: [
    {
      kind: "select",
      name: "geometry",
      label: "geometry shown",
      options: ["all four", ...GEOMETRIES.map(([g]) => g)],
      value: "all four",
      view: true,
    },
    {
      kind: "range",
      name: "smoothing",
      label: "smoothing σ (MMD, Sinkhorn, drifting)",
      min: 0.1,
      max: 3,
      step: 0.05,
      value: 0.5,
    },
  ],
  jobs: (v) =>
    GEOMETRIES.map(([geometry]) => ({
      name: geometry,
      preset: "discrepancy-flows",
      values: {
        geometry,
        // OT has no smoothing: its run does not depend on the control.
        ...(geometry === "ot" ? {} : { smoothing: v.smoothing }),
        targets: 100,
        "scheme.n": 100,
        dt: 0.05,
        until: 4,
        save_every: 0.2,
      },
      seed: 0,
      metrics: ["w2-to-target"],
    })),
  draw(state) {
    const { jobs, values } = state;
    const one = values.geometry !== "all four";
    const shown = GEOMETRIES.filter(([g]) => !one || g === values.geometry);
    return [
      ...shown.map(([geometry, title]) => {
        const job = jobs.get(geometry);
        return scatter(particlesOf(job), {
          title,
          description: `${title}: particle paths from red (start) to blue (target samples)`,
          reference: job?.reference,
          trails: trails(job, 40),
          tEnd: job?.until,
          domain: PLANE,
          columns: 4,
        });
      }),
      curves(
        Object.fromEntries(
          GEOMETRIES.map(([geometry, title]) => [
            title,
            series(jobs.get(geometry), "w2-to-target"),
          ]),
        ),
        "exact W2 to the target",
        "W2",
        { tEnd: jobs.get("ot")?.until },
      ),
    ];
  },
};
