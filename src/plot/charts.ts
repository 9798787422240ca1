/** The standard figures of a run: density (or particles) over time, energy, metrics. */
import * as Plot from "@observablehq/plot";
import { histogram } from "../measures/convert.js";
import type { History } from "../flow/types.js";
import { plotToSvg } from "./render.js";
import {
  type PlotView,
  type TimedMeasure,
  QUANTILE_LEVELS,
  fmt,
  quantileDensity,
  quantileTrajectories,
  spread,
} from "./series.js";

export type { PlotView, TimedMeasure };

function coordinateRange(snaps: TimedMeasure[], axis: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const { measure: m } of snaps)
    if (m.kind === "particles")
      for (let i = 0; i < m.n; i++) {
        lo = Math.min(lo, m.x[i * m.d + axis]);
        hi = Math.max(hi, m.x[i * m.d + axis]);
      }
  const pad = 0.05 * (hi - lo || 1);
  return [lo - pad, hi + pad];
}

/** The dashed reference density with its label, over [lo, hi]. */
const DASHES = ["6,4", "2,3", "10,3,2,3", "1,6"];
const DASH_GLYPHS = ["- -", "···", "-·-", ". ."];

function referenceMarks(view: PlotView, lo: number, hi: number): Plot.Markish[] {
  const curves = [
    ...(view.targetPdf ? [{ label: view.targetLabel ?? "reference", pdf: view.targetPdf }] : []),
    ...(view.references ?? []),
  ];
  // Fine enough to show integrable blow-ups (fold images) and jumps.
  const xs = Array.from({ length: 1200 }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / 1200);
  return curves.flatMap(({ label, pdf }, k) => [
    Plot.line(xs, {
      x: (x: number) => x,
      y: (x: number) => pdf(x),
      stroke: "black",
      strokeDasharray: DASHES[k % DASHES.length],
      strokeWidth: 1.5,
    }),
    Plot.text([label], {
      frameAnchor: "top-right",
      dx: -6,
      dy: 6 + 14 * k,
      text: (d: string) => `${DASH_GLYPHS[k % DASHES.length]} ${d}`,
    }),
  ]);
}

/** One viridis colour per snapshot time, with a ramp legend. */
function timeColour(chosen: TimedMeasure[]): Plot.ScaleOptions {
  return {
    type: "ordinal",
    scheme: "viridis",
    legend: "ramp",
    label: "t",
    domain: chosen.map(({ t }) => fmt(t)),
  };
}

/** Histograms of 1D particles at several times, over the reference density. */
export function densityPlot(snaps: TimedMeasure[], view: PlotView, title: string): string {
  const chosen = spread(snaps);
  const [lo, hi] = view.range ?? coordinateRange(chosen, 0);
  const bins = view.bins ?? 60;
  const rows = chosen.flatMap(({ t, measure }) => {
    if (measure.kind !== "particles") return [];
    const g = histogram(measure, { lower: [lo], upper: [hi], shape: [bins] });
    const h = (hi - lo) / bins;
    return Array.from(g.density, (y, i) => ({ x: lo + (i + 0.5) * h, y, t: fmt(t) }));
  });
  const marks: Plot.Markish[] = [
    Plot.ruleY([0]),
    Plot.line(rows, { x: "x", y: "y", stroke: "t", z: "t", curve: "step", strokeWidth: 1.5 }),
    ...referenceMarks(view, lo, hi),
  ];
  return plotToSvg({
    title,
    width: 720,
    height: 380,
    grid: true,
    x: { label: "x", domain: [lo, hi] },
    // √ scale: a narrow initial peak and the spread-out target stay readable together.
    y: { label: "density (√ scale)", type: "sqrt" },
    color: timeColour(chosen),
    marks,
  });
}

/** Particles (first two coordinates) at several times, one panel each. */
export function particlesPlot(snaps: TimedMeasure[], title: string): string {
  const chosen = spread(snaps, 4);
  const rows = chosen.flatMap(({ t, measure }) => {
    if (measure.kind !== "particles") return [];
    const step = Math.max(1, Math.floor(measure.n / 2000));
    const out: { x: number; y: number; t: string; w: number }[] = [];
    for (let i = 0; i < measure.n; i += step)
      out.push({
        x: measure.x[i * measure.d],
        y: measure.d > 1 ? measure.x[i * measure.d + 1] : 0,
        t: `t = ${fmt(t)}`,
        w: measure.weights ? measure.weights[i] : 1 / measure.n,
      });
    return out;
  });
  // Weighted particles (e.g. masses on a graph's nodes) are drawn with area ∝ weight.
  const weighted = chosen.some(({ measure }) => measure.kind === "particles" && measure.weights);
  return plotToSvg({
    title,
    width: 880,
    height: 280,
    grid: true,
    x: { label: "x₁" },
    y: { label: "x₂" },
    fx: { label: null, domain: chosen.map(({ t }) => `t = ${fmt(t)}`) },
    marks: [
      Plot.frame(),
      Plot.dot(rows, {
        x: "x",
        y: "y",
        fx: "t",
        r: weighted ? "w" : 1,
        fill: "steelblue",
        fillOpacity: 0.5,
      }),
    ],
    ...(weighted ? { r: { range: [0, 12] } } : {}),
  });
}

/**
 * A quantity over time: on a log axis when it is positive and spans more than 1.5 decades, else
 * on a linear one that includes 0 whenever the values are ≥ 0 (so that a 2 % change of a distance
 * does not fill the figure like its fall to 0 would).
 */
function curve(ts: number[], ys: number[], label: string, title: string): string {
  const rows = ts.map((t, i) => ({ t, y: ys[i] })).filter((r) => Number.isFinite(r.y));
  const positive = rows.length > 0 && rows.every((r) => r.y > 0);
  const nonNegative = rows.length > 0 && rows.every((r) => r.y >= 0);
  const spanDecades = positive
    ? Math.log10(Math.max(...rows.map((r) => r.y)) / Math.min(...rows.map((r) => r.y)))
    : 0;
  return plotToSvg({
    title,
    width: 560,
    height: 280,
    grid: true,
    marginLeft: 64,
    x: { label: "t" },
    y:
      positive && spanDecades > 1.5
        ? { label, type: "log", tickFormat: "~g" }
        : { label, tickFormat: "~g", zero: nonNegative },
    marks: [
      Plot.line(rows, { x: "t", y: "y", stroke: "steelblue" }),
      Plot.dot(rows, { x: "t", y: "y", r: 2, fill: "steelblue" }),
    ],
  });
}

export function energyPlot(h: History): string {
  return curve(h.t, h.energy, "F(ρ)", "Energy along the flow");
}

export function metricPlot(h: History, name: string): string {
  return curve(h.t, h.metrics[name], name, `Metric ${name}`);
}

/** Densities of 1D quantile measures at several times (JKO iterates), over the reference density. */
export function quantileDensityPlot(snaps: TimedMeasure[], view: PlotView, title: string): string {
  const chosen = spread(snaps);
  const rows = chosen.flatMap(({ t, measure }) =>
    measure.kind === "quantile1d"
      ? quantileDensity(measure.values).map((r) => ({ ...r, t: fmt(t) }))
      : [],
  );
  const [lo, hi] = view.range ?? [
    Math.min(...rows.map((r) => r.x)),
    Math.max(...rows.map((r) => r.x)),
  ];
  const marks: Plot.Markish[] = [
    Plot.ruleY([0]),
    Plot.line(rows, { x: "x", y: "y", stroke: "t", z: "t", strokeWidth: 1.5 }),
    ...referenceMarks(view, lo, hi),
  ];
  return plotToSvg({
    title,
    width: 720,
    height: 360,
    grid: true,
    x: { label: "x", domain: [lo, hi] },
    y: { label: "density" },
    color: timeColour(chosen),
    marks,
  });
}

/** Lagrangian view: the quantile trajectories t ↦ Q_t(s) for a few levels s. */
export function quantileTrajectoriesPlot(snaps: TimedMeasure[], title: string): string {
  const rows = quantileTrajectories(snaps);
  return plotToSvg({
    title,
    width: 720,
    height: 320,
    grid: true,
    x: { label: "t" },
    y: { label: "Q_t(s)" },
    color: {
      type: "ordinal",
      scheme: "plasma",
      legend: "ramp",
      label: "level s",
      domain: QUANTILE_LEVELS.map(String),
    },
    marks: [Plot.line(rows, { x: "t", y: "q", stroke: "s", z: "s", marker: "circle" })],
  });
}

/** 2D grid densities at a few times, one heat-map panel each (cells merged to ≤ 48 per axis). */
export function gridPlot(snaps: TimedMeasure[], title: string): string {
  const chosen = spread(snaps, 6);
  const rows = chosen.flatMap(({ t, measure }) => {
    if (measure.kind !== "grid" || measure.d !== 2) return [];
    const [ny, nx] = measure.shape;
    const fy = Math.ceil(ny / 48);
    const fx = Math.ceil(nx / 48);
    const hy = (measure.upper[0] - measure.lower[0]) / ny;
    const hx = (measure.upper[1] - measure.lower[1]) / nx;
    const out: { x1: number; x2: number; y1: number; y2: number; v: number; t: string }[] = [];
    for (let i = 0; i < ny; i += fy)
      for (let j = 0; j < nx; j += fx) {
        let s = 0;
        let c = 0;
        for (let a = i; a < Math.min(ny, i + fy); a++)
          for (let b = j; b < Math.min(nx, j + fx); b++) {
            s += measure.density[a * nx + b];
            c++;
          }
        out.push({
          y1: measure.lower[1] + j * hx,
          y2: measure.lower[1] + Math.min(nx, j + fx) * hx,
          x1: measure.lower[0] + i * hy,
          x2: measure.lower[0] + Math.min(ny, i + fy) * hy,
          v: s / c,
          t: `t = ${fmt(t)}`,
        });
      }
    return out;
  });
  return plotToSvg({
    title,
    width: 1100,
    height: 240,
    x: { label: "x₁" },
    y: { label: "x₂" },
    fx: { label: null, domain: chosen.map(({ t }) => `t = ${fmt(t)}`) },
    color: { scheme: "magma", type: "sqrt", legend: false },
    marks: [
      Plot.rect(rows, { x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "v", fx: "t", inset: -0.4 }),
      Plot.frame(),
    ],
  });
}
