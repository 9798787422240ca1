/** Panels 6–7: Fokker–Planck in three views, and mean-field ReLU training. */
import type { Grid, Particles } from "../../../src/measures/types.js";
import { Plot, frontLoaded, pageWidth, timeScale } from "../draw.js";
import { lineFigure, niceCeil } from "../lines.js";
import { timeRow } from "../rows.js";
import { scatter } from "../scatter.js";
import { type Panel, particlesOf, snapshotsKey, trails } from "./types.js";

const PLANE: [[number, number], [number, number]] = [
  [-3.5, 5],
  [-3.5, 3.5],
];

export const fokkerPlanckPanel: Panel = {
  id: "fokker-planck",
  title: "Fokker–Planck, three views",
  lead: "One relaxation from the same initial density towards a two-Gaussian target β (its contours in every figure), seen three ways, at the same times: stochastic Langevin particles, deterministic particles moving with $\\nabla\\log\\beta - \\nabla\\log\\rho_t$ (a kernel estimate of the score), and the density on a grid (finite volumes). Noise is the entropy's weight, drift the weight of $-\\log\\beta$; with the two equal the flow ends at β itself, otherwise at $\\beta^{\\text{drift}/\\text{noise}}$ normalised.",
  equation:
    "\\partial_t \\rho = \\nabla\\cdot\\Big(\\rho\\,\\nabla \\log\\frac{\\rho}{\\beta}\\Big), \\qquad dX_t = \\nabla \\log\\beta(X_t)\\,dt + \\sqrt{2}\\,dW_t",
  guide: "documents/Choosing_a_scheme.html",
  controls: [
    { kind: "range", name: "drift", label: "drift", min: 0, max: 3, step: 0.1, value: 1 },
    { kind: "range", name: "noise", label: "noise", min: 0.1, max: 3, step: 0.1, value: 1 },
  ],
  jobs: (v) => {
    const common = { drift: v.drift, noise: v.noise, until: 4, save_every: 0.2 };
    return [
      {
        name: "langevin",
        preset: "fokker-planck-particles",
        values: { ...common, "scheme.n": 400 },
        seed: 0,
        metrics: [],
      },
      {
        name: "score",
        preset: "fokker-planck-particles",
        scheme: "forward-euler",
        values: { ...common, "scheme.n": 400 },
        seed: 0,
        metrics: [],
      },
      {
        name: "grid",
        preset: "fokker-planck-grid",
        values: { ...common, n: 48, dt: 0.05 },
        seed: 0,
        metrics: [],
      },
    ];
  },
  draw(state) {
    const { jobs } = state;
    // Front-loaded times (the flow moves fastest early), three on a phone.
    const times = pageWidth() < 700 ? [0, 0.6, 4] : [0, 0.2, 0.6, 1.6, 4];
    const at = (name: string) => {
      const snaps = jobs.get(name)?.snapshots ?? [];
      return times.map((t) => ({
        t,
        measure: snaps.find((q) => Math.abs(q.t - t) < 1e-6)?.measure,
      }));
    };
    const contours = jobs.get("grid")?.referenceDensity ?? jobs.get("langevin")?.referenceDensity;
    const particlesAt = (name: string) =>
      at(name).map(({ t, measure }) => ({
        t,
        particles: measure?.kind === "particles" ? measure : undefined,
      }));
    const common = { domain: PLANE, contours };
    return [
      timeRow("Langevin particles (stochastic)", particlesAt("langevin"), {
        ...common,
        description: "Langevin particles at a few times, over the contours of the target β",
      }),
      timeRow("score particles (deterministic)", particlesAt("score"), {
        ...common,
        description: "score particles at a few times, over the contours of the target β",
      }),
      timeRow(
        "grid density (finite volumes)",
        at("grid").map(({ t, measure }) => ({
          t,
          grid: measure?.kind === "grid" ? (measure as Grid) : undefined,
        })),
        {
          ...common,
          cells: true,
          description: "the grid density at a few times, over the contours of β",
        },
      ),
    ];
  },
};

/** |a|·w: a neuron in the reduced coordinates of a homogeneous unit. */
const reduced = (p: Particles, i: number) => {
  const a = Math.abs(p.x[3 * i + 2]);
  return { x: a * p.x[3 * i], y: a * p.x[3 * i + 1] };
};

/**
 * Weighted angular density of the neurons (weights |a||w|): a periodic Gaussian kernel of
 * width 0.06 rad on 180 angles, smooth enough for a hundred neurons, sharp enough for peaks;
 * (θ, density) interleaved.
 */
const angularCache = new WeakMap<Particles, Float64Array>();

/** The angular density of a snapshot, computed once: snapshots do not change once received. */
function angular(p: Particles): Float64Array {
  let xy = angularCache.get(p);
  if (!xy) angularCache.set(p, (xy = angularDensity(p)));
  return xy;
}

function angularDensity(p: Particles): Float64Array {
  const grid = 180;
  const width = 0.06;
  const theta = Float64Array.from(
    { length: grid },
    (_, k) => -Math.PI + ((k + 0.5) * 2 * Math.PI) / grid,
  );
  const density = new Float64Array(grid);
  let total = 0;
  for (let i = 0; i < p.n; i++) {
    const [w0, w1, a] = [p.x[3 * i], p.x[3 * i + 1], p.x[3 * i + 2]];
    const weight = Math.abs(a) * Math.hypot(w0, w1);
    const at = Math.atan2(w1, w0);
    total += weight;
    for (let k = 0; k < grid; k++) {
      const d = Math.atan2(Math.sin(theta[k] - at), Math.cos(theta[k] - at));
      density[k] += weight * Math.exp(-(d * d) / (2 * width * width));
    }
  }
  const norm = total * width * Math.sqrt(2 * Math.PI) || 1;
  const xy = new Float64Array(2 * grid);
  for (let k = 0; k < grid; k++) {
    xy[2 * k] = theta[k];
    xy[2 * k + 1] = density[k] / norm;
  }
  return xy;
}

export const reluPanel: Panel = {
  id: "relu",
  title: "Mean-field two-layer ReLU training",
  lead: "Training a wide two-layer ReLU network is a Wasserstein gradient flow of its neurons. Left: neurons in the reduced coordinates |a|·w, with the teacher directions dashed; right: the weighted angular density, red (early) to blue (late), concentrating on the teacher directions.",
  equation:
    "\\partial_t \\mu = \\nabla\\cdot\\Big(\\mu\\,\\nabla \\frac{\\delta R}{\\delta \\mu}\\Big), \\qquad f_\\mu(x) = \\int a\\,\\sigma(w\\cdot x)\\,d\\mu(a, w)",
  guide: "documents/Reproducing_the_papers.html",
  controls: [
    { kind: "range", name: "n", label: "width (neurons)", min: 10, max: 400, step: 10, value: 100 },
    { kind: "select", name: "homogeneity", label: "homogeneity", options: ["2", "1"], value: "2" },
    {
      kind: "range",
      name: "time",
      label: "time",
      min: 50,
      max: 2000,
      step: 50,
      value: 500,
      time: true,
    },
  ],
  jobs: (v) => [
    {
      name: "neurons",
      preset: "mean-field-relu",
      values: { n: v.n, homogeneity: Number(v.homogeneity), until: v.time, save_every: 5 },
      seed: 0,
      metrics: [],
      extend: true,
    },
  ],
  draw(state) {
    const { jobs, values } = state;
    const job = jobs.get("neurons");
    const snapshots = job?.snapshots ?? [];
    const dirs = (job?.problem?.teacher_directions as number[] | undefined) ?? [];
    // Teacher lines ±w*_k: the even target is fitted as well by neurons at −w*_k.
    const rays = Array.from({ length: dirs.length }, (_, k) => {
      const sign = k % 2 === 0 ? 1 : -1;
      return { x: 1.6 * sign * dirs[2 * (k >> 1)], y: 1.6 * sign * dirs[2 * (k >> 1) + 1] };
    });
    const p = particlesOf(job);
    const points = p
      ? {
          ...p,
          n: p.n,
          d: 2,
          x: Float64Array.from({ length: 2 * p.n }, (_, k) => {
            const r = reduced(p, k >> 1);
            return k % 2 ? r.y : r.x;
          }),
        }
      : undefined;
    const angles = rays.map((r) => Math.atan2(r.y, r.x));
    const shown = frontLoaded(snapshots, 8);
    const curves = shown.map((f) => ({ c: f.t, xy: angular(f.measure as Particles) }));
    let top = 0;
    for (const { xy } of curves) for (let i = 1; i < xy.length; i += 2) top = Math.max(top, xy[i]);
    const tEnd = Number(values.time);
    return [
      scatter(points, {
        title: "neurons |a|·w and the teacher lines",
        rays,
        trails: trails(job, 25, reduced),
        // The horizon asked for, as in the angular density: a colour scale that grew with each
        // frame would rebuild the static layer at every frame.
        tEnd: Number(values.time),
        domain: [
          [-1.8, 1.8],
          [-1.8, 1.8],
        ],
      }),
      lineFigure(curves, {
        title: "angular density of |a||w|",
        description:
          "the weighted angular density of the neurons at front-loaded times, red (early) to blue (late), with the teacher directions dashed",
        x: { label: "angle θ", domain: [-Math.PI, Math.PI] },
        y: { label: "density", domain: [0, niceCeil(top * 1.05)] },
        color: timeScale(tEnd),
        colorValues: [0, tEnd],
        marks: [Plot.ruleX(angles, { strokeDasharray: "5,4" })],
        marksKey: angles.join(","),
        liveKey: `${state.run}|${snapshotsKey(job)}|${shown.length}`,
      }),
    ];
  },
};
