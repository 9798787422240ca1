/**
 * The neural variational JKO (seed 001), step by step: the particle pool, the density ρ_k that
 * the trained maps represent (tabulated in the worker through the inverted maps), and the
 * preset's error — on a 2D Gaussian mixture or the OU flow, whose law is known at every t.
 */
import type { Particles } from "../../../src/measures/types.js";
import type { Values } from "../controls.js";
import { tick } from "../draw.js";
import { curves, niceCeil } from "../lines.js";
import { densityRaster } from "../raster.js";
import { scatter } from "../scatter.js";
import type { DensityTable } from "../protocol.js";
import { type Panel, particlesOf, series, startOf, trails } from "./types.js";

/** Smaller than the seed's run (pool 4000–5000, batch 1000, width 64): a step in under a second. */
const POOL = 2000;
const BATCH = 500;
const WIDTH = 32;
/** The grid ρ_k is tabulated on: 40 × 40 points, each pulled back through k maps. */
const CELLS = 40;

const isOu = (v: Values) => v.target === "OU";
const horizon = (v: Values) => Number((Number(v.a) * Number(v.steps)).toPrecision(12));

const peak = (t: DensityTable | undefined) => (t ? t.values.reduce((m, v) => Math.max(m, v)) : 0);

/** Σ ρ · cell area: the mass the learned density puts on the box (1 where it is all there). */
function mass(t: DensityTable): number {
  const cell = ((t.x[1] - t.x[0]) / t.nx) * ((t.y[1] - t.y[0]) / t.ny);
  return t.values.reduce((s, v) => s + v, 0) * cell;
}

/** Every fourth particle's start: 500 red dots leave what lies between the modes readable. */
function everyFourth(p: Particles | undefined): Particles | undefined {
  if (!p) return undefined;
  const n = Math.ceil(p.n / 4);
  const x = new Float64Array(n * p.d);
  for (let i = 0; i < n; i++) x.set(p.x.subarray(4 * i * p.d, (4 * i + 1) * p.d), i * p.d);
  return { kind: "particles", n, d: p.d, x };
}

export const neuralPanel: Panel = {
  id: "neural",
  title: "Neural JKO",
  lead: "Each JKO step trains two networks on samples of $\\rho_k$ — a map $T$ (a residual MLP $x + r(x)$, or the gradient of an input-convex network) and a dual $h$ that writes the entropy as an expectation against a Gaussian $\\mu$ fitted to the pool — then pushes the whole pool through $T$. The first figure shows the pool (blue; red where a quarter of it started) over the target's contours; the second the density the trained maps represent, $\\log\\rho_k(y) = \\log\\rho_0(x_0) - \\sum_j \\log|\\det\\nabla T_j(x_{j-1})|$ along the inverted maps, under the dashed contours of the target (mixture) or of the exact law (OU); the third the error over time. A step takes about half a second here: a pool of 2000, batches of 500, width 32, $J_1 = 100$ iterations with Adam's memory carried over and a cosine tail, $J_2 = 3$ (the seed: 4000–5000, 1000, 64, and 500 from a fresh Adam).",
  equation:
    "\\min_T \\max_h\\; \\mathbb E_{x\\sim\\rho_k}\\Big[\\frac{|T(x)-x|^2}{2a} + V(T(x)) + \\log\\mu(T(x)) %|\n+ h(T(x))\\Big] - \\mathbb E_{z\\sim\\mu}\\big[e^{h(z)-1}\\big], \\qquad \\rho_{k+1} = T_\\#\\rho_k",
  guide: "documents/JKO.html",
  controls: [
    {
      kind: "select",
      name: "target",
      label: "target",
      options: ["mixture", "OU"],
      value: "mixture",
      hint: "mixture: 4 Gaussians on a circle; OU: N(b, A⁻¹), law known at every t",
    },
    { kind: "range", name: "a", label: "JKO step a", min: 0.02, max: 0.5, step: 0.01, value: 0.1 },
    {
      kind: "range",
      name: "outer",
      label: "J₁ (training iterations a step)",
      min: 10,
      max: 500,
      step: 10,
      value: 100,
    },
    {
      kind: "select",
      name: "map",
      label: "map T",
      options: ["residual", "icnn"],
      value: "residual",
    },
    {
      kind: "range",
      name: "steps",
      label: "JKO steps k",
      min: 1,
      max: 40,
      step: 1,
      value: 20,
      time: true,
    },
  ],
  timeOf: horizon,
  jobs: (v) => [
    {
      name: "neural",
      preset: isOu(v) ? "ou" : "gmm",
      scheme: "neural-jko",
      values: {
        dt: v.a,
        until: horizon(v),
        save_every: v.a,
        "scheme.n": POOL,
        "scheme.batch": BATCH,
        "scheme.width": WIDTH,
        "scheme.dualDepth": 2,
        // OU's map between Gaussians is affine: the preset's T has no hidden layer
        ...(isOu(v) ? {} : { "scheme.mapDepth": 2 }),
        "scheme.outer": v.outer,
        "scheme.map": v.map,
      },
      seed: 0,
      metrics: isOu(v) ? ["symkl:gaussian", "symkl:jko-exact"] : ["energy-distance:target"],
      extend: true,
      density: { cells: CELLS },
    },
  ],
  draw(state) {
    const { values } = state;
    const job = state.jobs.get("neural");
    const ou = isOu(values);
    const tEnd = horizon(values);
    const target = job?.referenceDensity;
    const domain: [[number, number], [number, number]] = target
      ? [target.x, target.y]
      : [
          [-4, 4],
          [-4, 4],
        ];
    const density = job?.densities.at(-1);
    const reference = ou ? density?.exact : target;
    const learned = density?.learned;
    const caption = density
      ? learned
        ? `k = ${density.step}, t = ${tick(density.t)}: ${CELLS}² points pulled back through ${density.step} map${density.step === 1 ? "" : "s"}; mass on the box ${mass(learned).toFixed(3)}`
        : `k = ${density.step}: no density — ${density.error}`
      : undefined;
    return [
      scatter(particlesOf(job), {
        title: "the pool: samples of ρ_k",
        description:
          "blue dots: the particle pool now; red dots: where every fourth particle started; lines: a few particles' paths from red (early) to blue (late); blue contours: the target's density",
        contours: target,
        start: everyFourth(startOf(job)),
        trails: trails(job, 16),
        tEnd,
        current: "late",
        domain,
      }),
      densityRaster(learned, {
        title: "learned density ρ_k",
        description: ou
          ? "the density the trained maps represent, in blues, under the dashed contours of the exact law at the same time"
          : "the density the trained maps represent, in blues, under the dashed contours of the target",
        domain,
        top: niceCeil(Math.max(peak(learned), peak(reference)) * 1.02),
        label: ou ? "ρ_k (dashed: the exact law at t)" : "ρ_k (dashed: the target)",
        contours: reference,
        caption,
      }),
      ou
        ? curves(
            {
              "to the exact law": series(job, "symkl:gaussian"),
              "to the exact JKO iterate": series(job, "symkl:jko-exact"),
            },
            "SymKL of the pool's Gaussian fit",
            "SymKL",
            {
              scale: "log",
              note: "the exact JKO iterate leaves out the time step's own error; 2000 samples fit a Gaussian's 5 moments to about 5/2000 = 2.5·10⁻³",
              tEnd,
            },
          )
        : curves(
            { "energy distance": series(job, "energy-distance:target") },
            "distance to the target's samples",
            "energy distance",
            {
              scale: "signed-log",
              note: "an unbiased estimate against 2000 exact samples: it can fall below 0 once the pool matches the target within its sampling noise",
              tEnd,
            },
          ),
    ];
  },
};
