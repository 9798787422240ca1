/** The explorer's figures, drawn with Observable Plot from the frames the worker streams. */
import * as Plot from "@observablehq/plot";
import type { Grid, Measure, Particles } from "../../src/measures/types.js";
import { quantileDensity, quantileTrajectories } from "../../src/plot/series.js";
import type { DensityTable } from "./protocol.js";

/** Early red to late blue, as in the seed's figures. */
export const EARLY = "#d1495b";
export const LATE = "#2e6fba";
const timeScale = (tEnd: number): Plot.ScaleOptions => ({
  type: "linear",
  domain: [0, tEnd || 1],
  range: [EARLY, LATE],
  legend: true,
  label: "t",
});

const MAX_WIDTH = 460;
const HEIGHT = 300;

/** As wide as the page allows, up to 460 px: a figure is never scaled down, so text stays ≥ 11 px. */
export function figureWidth(): number {
  const avail = document.querySelector("#figures")?.clientWidth ?? MAX_WIDTH;
  return Math.max(240, Math.min(MAX_WIDTH, Math.floor(avail)));
}

/**
 * Every figure: its width, a legible type size, and a text alternative (the title, and what
 * the figure shows, read by screen readers).
 */
export function plot(o: Plot.PlotOptions & { title: string; description?: string }) {
  const { description, ...options } = o;
  return Plot.plot({
    width: figureWidth(),
    style: { fontSize: "12px" },
    ariaLabel: o.title,
    ariaDescription: description,
    ...options,
  });
}

export interface Timed {
  t: number;
  measure: Measure;
}

/** At most `max` frames, evenly spread, always the first and the last. */
export function thin<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  return Array.from(
    { length: max },
    (_, k) => items[Math.round((k * (items.length - 1)) / (max - 1))],
  );
}

/** Densities of 1D quantile measures, coloured over time. */
export function densityCurves(frames: readonly Timed[], title: string, tEnd: number) {
  const rows = thin(frames, 40).flatMap(({ t, measure }) =>
    measure.kind === "quantile1d" ? quantileDensity(measure.values).map((r) => ({ ...r, t })) : [],
  );
  return plot({
    title,
    height: HEIGHT,
    grid: true,
    x: { label: "x" },
    y: { label: "density" },
    color: timeScale(tEnd),
    marks: [Plot.ruleY([0]), Plot.line(rows, { x: "x", y: "y", stroke: "t", z: "t" })],
  });
}

/** t ↦ Q_t(s) for a few levels s: the Lagrangian view of the same movement. */
export function quantilePaths(frames: readonly Timed[], title: string) {
  const rows = quantileTrajectories(frames);
  return plot({
    title,
    height: HEIGHT,
    grid: true,
    x: { label: "t" },
    y: { label: "Q_t(s)" },
    color: { type: "ordinal", scheme: "plasma", legend: true, label: "level s" },
    marks: [Plot.line(rows, { x: "t", y: "q", stroke: "s", z: "s", marker: "dot" })],
  });
}

const points = (p: Particles, max = 4000) => {
  const stride = Math.max(1, Math.floor(p.n / max));
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < p.n; i += stride)
    out.push({ x: p.x[i * p.d], y: p.d > 1 ? p.x[i * p.d + 1] : 0 });
  return out;
};

export interface ScatterOptions {
  title: string;
  /** What the figure shows, for a screen reader. */
  description?: string;
  /** Target samples, drawn as faint blue dots. */
  reference?: Particles;
  /** The target's density, drawn as blue contour lines instead of samples. */
  contours?: DensityTable;
  /** Where the particles started: red dots. */
  start?: Particles;
  /** Paths of a few particles, oldest first, coloured red → blue by time. */
  trails?: { x: number; y: number; t: number }[][];
  /** The end of the time colour scale (default: the trails' last time). */
  tEnd?: number;
  domain?: [[number, number], [number, number]];
  rays?: { x: number; y: number }[];
  /** The current particles' colour: red while they travel (default), blue once they have arrived. */
  current?: "early" | "late";
}

/** The level sets of a tabulated density, at fractions of its peak. */
function densityContours(c: DensityTable) {
  const peak = c.values.reduce((m, v) => Math.max(m, v), 0);
  return Plot.contour(c.values, {
    width: c.nx,
    height: c.ny,
    x1: c.x[0],
    x2: c.x[1],
    y1: c.y[0],
    y2: c.y[1],
    thresholds: [0.05, 0.2, 0.4, 0.6, 0.8].map((f) => f * peak),
    stroke: LATE,
    strokeWidth: 1.2,
    fill: "none",
    clip: true,
  });
}

/** Particles over their target (samples or density contours), with trails, start and rays. */
export function scatter(p: Particles | undefined, o: ScatterOptions) {
  const trailRows = (o.trails ?? []).flatMap((path, k) => path.map((q) => ({ ...q, k })));
  const tEnd = o.tEnd ?? Math.max(0, ...trailRows.map((r) => r.t));
  const dots = (m: Particles, fill: string, r: number, opacity: number, max?: number) =>
    Plot.dot(points(m, max), { x: "x", y: "y", r, fill, fillOpacity: opacity });
  return plot({
    title: o.title,
    description: o.description,
    // Equal units on both axes: a disc looks like a disc.
    aspectRatio: 1,
    grid: true,
    x: { label: "x₁", domain: o.domain?.[0], tickFormat: tick },
    y: { label: "x₂", domain: o.domain?.[1], tickFormat: tick },
    color: trailRows.length ? timeScale(tEnd) : undefined,
    marks: [
      Plot.frame(),
      ...(o.rays
        ? [
            Plot.link(o.rays, {
              x1: 0,
              y1: 0,
              x2: "x",
              y2: "y",
              stroke: "black",
              strokeDasharray: "5,4",
            }),
          ]
        : []),
      ...(o.contours ? [densityContours(o.contours)] : []),
      ...(o.reference ? [dots(o.reference, LATE, 1.5, 0.35, 1500)] : []),
      ...(o.start ? [dots(o.start, EARLY, 2, 0.45)] : []),
      Plot.line(trailRows, { x: "x", y: "y", z: "k", stroke: "t", strokeOpacity: 0.75 }),
      ...(p ? [dots(p, o.current === "late" ? LATE : EARLY, 2, 0.85)] : []),
    ],
  });
}

/** A 2D grid density as a heat map (x₁ across, x₂ up). */
export function heatMap(
  g: Grid | undefined,
  title: string,
  domain?: [[number, number], [number, number]],
) {
  let data: Float64Array | undefined;
  if (g) {
    // Stored row-major over (x₁, x₂); the raster wants rows of constant x₂.
    const [n1, n2] = g.shape;
    data = new Float64Array(n1 * n2);
    for (let i = 0; i < n1; i++)
      for (let j = 0; j < n2; j++) data[j * n1 + i] = g.density[i * n2 + j];
  }
  return plot({
    title,
    aspectRatio: 1,
    x: { label: "x₁", domain: domain?.[0] ?? (g ? [g.lower[0], g.upper[0]] : undefined) },
    y: { label: "x₂", domain: domain?.[1] ?? (g ? [g.lower[1], g.upper[1]] : undefined) },
    color: { scheme: "blues", label: "density" },
    marks: [
      Plot.frame(),
      ...(g && data
        ? [
            Plot.raster(data, {
              width: g.shape[0],
              height: g.shape[1],
              x1: g.lower[0],
              x2: g.upper[0],
              y1: g.lower[1],
              y2: g.upper[1],
              imageRendering: "pixelated",
              clip: true,
            }),
          ]
        : []),
    ],
  });
}

/** Tick labels as plain numbers, never SI prefixes ("0.2", not "200m"). */
export function tick(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(3))) : v.toExponential(0);
}

/**
 * How a curve's values are scaled: `linear` always shows 0 (a 2 % change does not look like
 * convergence); `log` for positive quantities spanning decades; `signed-log` (symlog) for an
 * estimate that can fall below 0, so negative values are drawn, not dropped.
 */
export type CurveScale = "linear" | "log" | "signed-log";

/** Curves y(t), one per named series; `note` says, under the title, what to read in them. */
export function curves(
  series: Record<string, { t: number[]; y: number[] }>,
  title: string,
  yLabel: string,
  scale: CurveScale = "linear",
  note?: string,
) {
  const rows = Object.entries(series).flatMap(([name, { t, y }]) =>
    t
      .map((tt, i) => ({ t: tt, y: y[i], name }))
      .filter((r) => Number.isFinite(r.y) && (scale !== "log" || r.y > 0)),
  );
  const top = Math.max(0, ...rows.map((r) => Math.abs(r.y)));
  const y: Plot.ScaleOptions =
    scale === "log"
      ? { type: "log", tickFormat: tick, ticks: 5 }
      : scale === "signed-log"
        ? { type: "symlog", constant: Math.max(1e-12, top * 1e-3), tickFormat: tick, ticks: 5 }
        : { type: "linear", zero: true, tickFormat: tick };
  return plot({
    title,
    subtitle: note,
    description: `${yLabel} against time t: ${Object.keys(series).join(", ")}`,
    height: HEIGHT,
    grid: true,
    x: { label: "t", tickFormat: tick },
    y: { label: yLabel, ...y },
    color: { legend: Object.keys(series).length > 1 },
    marks: [
      ...(scale === "log" ? [] : [Plot.ruleY([0], { strokeOpacity: 0.5 })]),
      Plot.line(rows, { x: "t", y: "y", stroke: "name" }),
    ],
  });
}

/** Histogram of 1D particles and density curves (1D comparisons in the playground). */
export function density1d(sets: { name: string; measure: Measure }[], title: string) {
  const rows = sets.flatMap(({ name, measure }) => {
    if (measure.kind === "quantile1d")
      return quantileDensity(measure.values).map((r) => ({ ...r, name }));
    if (measure.kind === "particles") {
      const xs = Array.from(measure.x).sort((a, b) => a - b);
      const lo = xs[0];
      const hi = xs[xs.length - 1];
      const bins = Math.max(10, Math.min(80, Math.round(Math.sqrt(xs.length))));
      const h = (hi - lo) / bins || 1;
      const counts = new Array(bins).fill(0);
      for (const v of xs) counts[Math.min(bins - 1, Math.floor((v - lo) / h))]++;
      return counts.map((c, i) => ({ x: lo + (i + 0.5) * h, y: c / (xs.length * h), name }));
    }
    if (measure.kind === "grid" && measure.d === 1) {
      const h = (measure.upper[0] - measure.lower[0]) / measure.shape[0];
      return Array.from(measure.density, (y, i) => ({
        x: measure.lower[0] + (i + 0.5) * h,
        y,
        name,
      }));
    }
    return [];
  });
  return plot({
    title,
    height: HEIGHT,
    grid: true,
    x: { label: "x" },
    y: { label: "density" },
    color: { legend: true },
    marks: [Plot.ruleY([0]), Plot.line(rows, { x: "x", y: "y", stroke: "name", z: "name" })],
  });
}

/** A short explanation in place of a figure (a scheme that cannot run, say). */
export function message(text: string): HTMLElement {
  const p = document.createElement("p");
  p.className = "message";
  p.textContent = text;
  return p;
}

export { Plot };
