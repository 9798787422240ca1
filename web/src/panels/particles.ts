/** Panels 3–5: particle flows — MMD, interaction kernels, discrepancy geometries. */
import { curves, scatter } from "../draw.js";
import { type Panel, particlesOf, series, startOf, trails } from "./types.js";

const PLANE: [[number, number], [number, number]] = [
  [-3.5, 4.5],
  [-3, 3],
];

export const mmdPanel: Panel = {
  id: "mmd",
  title: "MMD particle flow to a target",
  lead: "A compact cloud of particles (red) starts away from a two-Gaussian teacher, shown only through its true density contours, and follows the gradient of the squared MMD to the teacher's samples; thin curves trace a few particles from red (early) to blue (late), and the blue dots are where the particles settle. With few particles the cloud is a sparse quadrature that can under-cover the modes; more particles approximate the teacher's geometry more faithfully. The Gaussian kernel is local: too narrow a width and far particles barely feel the teacher.",
  equation: "\\dot X_i = -\\nabla_x \\frac{\\delta}{\\delta \\rho}\\, \\tfrac12 \\mathrm{MMD}_k^2(\\rho_N, \\nu)\\,(X_i), \\qquad \\rho_N = \\frac1N \\sum_j \\delta_{X_j}",
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
    },
  ],
  draw({ jobs }) {
    const job = jobs.get("mmd");
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
        "signed-log",
        "an unbiased estimate: it can fall below 0 once the particles match the teacher within its sampling noise",
      ),
    ];
  },
};

export const interactionPanel: Panel = {
  id: "interaction",
  title: "Interaction kernels",
  lead: "One particle ODE, three behaviours: Gaussian attraction clumps the cloud, Coulomb repulsion spreads it (the mean of |x|² grows exactly like s·t), and repulsion balanced by the confinement |x|²/2 settles on the uniform disc of radius √s.",
  equation: "\\dot X_i = -\\frac1N \\sum_{j \\ne i} \\nabla W(X_i - X_j) - \\nabla V(X_i)",
  guide: "documents/Velocity.html",
  controls: [
    {
      kind: "select",
      name: "mode",
      label: "interaction",
      options: ["attraction", "repulsion", "balanced"],
      value: "balanced",
    },
    { kind: "range", name: "strength", label: "strength s", min: 0.2, max: 5, step: 0.1, value: 1 },
    { kind: "range", name: "time", label: "time", min: 1, max: 20, step: 1, value: 5, time: true },
  ],
  jobs: (v) => [
    {
      name: "particles",
      preset: "interaction-kernels",
      values: {
        mode: v.mode,
        strength: v.strength,
        n: 300,
        dt: 0.01,
        until: v.time,
        save_every: 0.1,
      },
      seed: 0,
      extend: true,
    },
  ],
  draw({ jobs, values }) {
    const job = jobs.get("particles");
    const m2 = series(job, "mean-|x|²");
    const s = Number(values.strength);
    const reference: Record<string, { t: number[]; y: number[] }> =
      values.mode === "balanced"
        ? {
            "steady s(N−1)/(2N)": {
              t: [0, Number(values.time)],
              y: [(s * 299) / 600, (s * 299) / 600],
            },
          }
        : values.mode === "repulsion" && m2.y.length
          ? {
              "M2(0) + s(N−1)/N·t": {
                t: [0, Number(values.time)],
                y: [m2.y[0], m2.y[0] + (s * 299 * Number(values.time)) / 300],
              },
            }
          : {};
    const p = particlesOf(job);
    let r = 3;
    if (p) for (let k = 0; k < p.x.length; k++) r = Math.max(r, Math.abs(p.x[k]) * 1.05);
    return [
      scatter(p, {
        title: "particles",
        trails: trails(job, 12),
        domain: [
          [-r, r],
          [-r, r],
        ],
      }),
      curves({ "mean |x|²": m2, ...reference }, "second moment", "mean |x|²"),
    ];
  },
};

export const geometryPanel: Panel = {
  id: "geometry",
  title: "Discrepancy geometries",
  lead: "The same source (red) and target (blue) under four discrepancies: OT displacement moves along straight rays of the optimal matching; the MMD witness is smooth and nonlocal; the Sinkhorn divergence is a debiased entropic transport pull; the drifting field is attraction to the data minus self-repulsion. The smoothing sets the kernel width (ε = σ² for Sinkhorn).",
  equation: "\\dot X_i = -\\nabla \\frac{\\delta D(\\rho, \\nu)}{\\delta \\rho}(X_i), \\qquad D \\in \\{\\tfrac12 W_2^2,\\ \\mathrm{MMD}^2,\\ S_\\varepsilon,\\ \\text{drifting}\\}",
  guide: "documents/Benamou-Brenier.html",
  controls: [
    {
      kind: "select",
      name: "geometry",
      label: "geometry",
      options: ["ot", "mmd", "sinkhorn", "drifting"],
      value: "ot",
    },
    {
      kind: "range",
      name: "smoothing",
      label: "smoothing σ",
      min: 0.1,
      max: 3,
      step: 0.05,
      value: 0.5,
    },
  ],
  jobs: (v) => [
    {
      name: "flow",
      preset: "discrepancy-flows",
      values: {
        geometry: v.geometry,
        smoothing: v.smoothing,
        targets: 100,
        "scheme.n": 100,
        dt: 0.05,
        until: 4,
        save_every: 0.2,
      },
      seed: 0,
    },
  ],
  draw({ jobs }) {
    const job = jobs.get("flow");
    return [
      scatter(particlesOf(job), {
        title: "trajectories",
        reference: job?.reference,
        trails: trails(job, 40),
        domain: PLANE,
      }),
      curves({ W2: series(job, "w2-to-target") }, "exact W2 to the target", "W2"),
    ];
  },
};
