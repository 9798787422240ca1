/** The explorer's figures, drawn with Observable Plot from the frames the worker streams. */
import * as Plot from "@observablehq/plot";
import type { Grid, Measure, Particles } from "../../src/measures/types.js";
import { quantileDensity, quantileTrajectories } from "../../src/plot/series.js";
import { contours } from "d3-contour";
import type { DensityTable } from "./protocol.js";

/** Early red to late blue, as in the seed's figures. */
export const EARLY = "#d1495b";
export const LATE = "#2e6fba";
export const timeScale = (tEnd: number): Plot.ScaleOptions => ({
  type: "linear",
  domain: [0, tEnd || 1],
  range: [EARLY, LATE],
  legend: true,
  label: "t",
});

const MAX_WIDTH = 460;
const HEIGHT = 300;

/**
 * As wide as the page allows, up to 460 px, `columns` to a row where each can still be 300 px
 * wide: a figure is never scaled down, so its text stays at its size.
 */
export function figureWidth(columns = 1): number {
  const avail = document.querySelector("#figures")?.clientWidth ?? MAX_WIDTH;
  const GAP = 16;
  const share = Math.floor((avail - GAP * (columns - 1)) / columns);
  const w = share >= 300 ? share : avail;
  return Math.max(240, Math.min(MAX_WIDTH, Math.floor(w)));
}

/**
 * Every figure: its width, a legible type size, and a text alternative (the title, and what
 * the figure shows, read by screen readers).
 */
export function plot(
  o: Plot.PlotOptions & { title: string; description?: string; columns?: number },
) {
  const { description, columns, ...options } = o;
  const figure = Plot.plot({
    width: figureWidth(columns),
    style: { fontSize: "12px" },
    ariaLabel: o.title,
    ariaDescription: description,
    ...options,
  });
  // One image with one text alternative: its marks are not separate things to read out, so
  // their names (Plot's aria-labels on groups and frames) move to data-mark, where tests find them.
  for (const svg of [figure, ...figure.querySelectorAll("svg")])
    if (svg instanceof SVGSVGElement && svg.hasAttribute("aria-label"))
      svg.setAttribute("role", "img");
  for (const g of figure.querySelectorAll("svg [aria-label]")) {
    g.setAttribute("data-mark", g.getAttribute("aria-label") ?? "");
    g.removeAttribute("aria-label");
  }
  return figure;
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

/** Shared axes for several density figures, so that tails and fronts compare. */
export interface DensityAxes {
  x?: [number, number];
  y?: [number, number];
  /** Draw the density down to 0 at the support's ends (a compact front, not a cut-off tail). */
  front?: boolean;
  /** How many figures share a row (their widths shrink to fit, down to 300 px). */
  columns?: number;
}

/** The density rows of a quantile measure, with the support's ends at 0 when it has a front. */
function densityRows(values: Float64Array, front: boolean) {
  const rows = quantileDensity(values);
  if (!front || rows.length === 0) return rows;
  return [{ x: values[0], y: 0 }, ...rows, { x: values[values.length - 1], y: 0 }];
}

/** Axes that hold every frame of every set: the widest support and the highest density. */
export function sharedDensityAxes(sets: readonly (readonly Timed[])[]): DensityAxes {
  let [lo, hi, top] = [Infinity, -Infinity, 0];
  for (const frames of sets)
    for (const { measure } of frames) {
      if (measure.kind !== "quantile1d") continue;
      lo = Math.min(lo, measure.values[0]);
      hi = Math.max(hi, measure.values[measure.values.length - 1]);
      for (const r of quantileDensity(measure.values)) top = Math.max(top, r.y);
    }
  return Number.isFinite(lo) ? { x: [lo, hi], y: [0, top * 1.05] } : {};
}

/**
 * At most `max` frames, dense early and sparse late (quadratic in the index), always the first
 * and the last: flows move fastest at the start.
 */
export function frontLoaded<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const picked = new Set<number>();
  for (let k = 0; k < max; k++) picked.add(Math.round((k / (max - 1)) ** 2 * (items.length - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => items[i]);
}

/** Densities of 1D quantile measures, coloured over time. */
export function densityCurves(
  frames: readonly Timed[],
  title: string,
  tEnd: number,
  axes: DensityAxes = {},
) {
  const rows = thin(frames, 40).flatMap(({ t, measure }) =>
    measure.kind === "quantile1d"
      ? densityRows(measure.values, !!axes.front).map((r) => ({ ...r, t }))
      : [],
  );
  return plot({
    title,
    description: `the density at ${Math.min(frames.length, 40)} times from red (t = 0) to blue (t = ${tick(tEnd)})`,
    height: HEIGHT,
    columns: axes.columns,
    grid: true,
    x: { label: "x", domain: axes.x, tickFormat: tick },
    y: { label: "density", domain: axes.y, tickFormat: tick },
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

export const points = (p: Particles, max = 4000) => {
  const stride = Math.max(1, Math.floor(p.n / max));
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < p.n; i += stride)
    out.push({ x: p.x[i * p.d], y: p.d > 1 ? p.x[i * p.d + 1] : 0 });
  return out;
};

const contourCache = new WeakMap<DensityTable, { x: number; y: number; ring: number }[]>();

/**
 * The level sets of a tabulated density at fractions of its peak, as rings of points in data
 * coordinates: traced once per table (marching squares), then drawn as lines at every frame.
 */
function contourRings(c: DensityTable) {
  let rows = contourCache.get(c);
  if (rows) return rows;
  const peak = c.values.reduce((m, v) => Math.max(m, v), 0);
  const [hx, hy] = [(c.x[1] - c.x[0]) / c.nx, (c.y[1] - c.y[0]) / c.ny];
  rows = [];
  let ring = 0;
  // Grid coordinates put cell (i, j)'s value at (i + ½, j + ½): data x = x0 + i·hx.
  for (const level of contours()
    .size([c.nx, c.ny])
    .thresholds([0.05, 0.2, 0.4, 0.6, 0.8].map((f) => f * peak))(Array.from(c.values)))
    for (const polygon of level.coordinates)
      for (const r of polygon) {
        for (const [i, j] of r) rows.push({ x: c.x[0] + i * hx, y: c.y[0] + j * hy, ring });
        ring++;
      }
  contourCache.set(c, rows);
  return rows;
}

export function densityContours(c: DensityTable) {
  return Plot.line(contourRings(c), {
    className: "contour",
    x: "x",
    y: "y",
    z: "ring",
    stroke: LATE,
    strokeWidth: 1.2,
    clip: true,
  });
}

const figureCache = new Map<string, Element>();

/**
 * A figure drawn once for a key that says everything it shows (the run, the frames it uses,
 * the values, the width): a redraw for a live frame it does not show reuses it.
 */
export function cachedFigure(key: string, build: () => Element): Element {
  const full = `${key}|${pageWidth()}`;
  let figure = figureCache.get(full);
  if (!figure) {
    if (figureCache.size > 64) figureCache.clear();
    figureCache.set(full, (figure = build()));
  }
  return figure;
}

/** The page's width for figures: what a row of small multiples may fill. */
export function pageWidth(): number {
  return Math.floor(document.querySelector("#figures")?.clientWidth ?? 1000);
}

/** One column of a row of small multiples: a time, and what stood there then. */
export interface TimeColumn {
  t: number;
  particles?: Particles;
  grid?: Grid;
}

/**
 * One view of a flow at a few times, side by side on shared axes (a row of the seed's
 * rows × times figures): particles as dots or a grid density as cells, with the target's
 * density contours in every column. A time not computed yet keeps its empty column.
 */
export function timeRow(
  title: string,
  columns: readonly TimeColumn[],
  o: { domain: [[number, number], [number, number]]; contours?: DensityTable; description: string },
) {
  const label = (t: number) => `t = ${tick(t)}`;
  const dotsRows = columns.flatMap((c) =>
    c.particles ? points(c.particles, 300).map((q) => ({ ...q, time: label(c.t) })) : [],
  );
  // The grid's cell centres, one raster pixel each: a raster is one image, not a rect a cell.
  const grids = columns.flatMap((c) => (c.grid ? [c.grid] : []));
  const cellRows = columns.flatMap((c) => {
    const g = c.grid;
    if (!g) return [];
    const [n1, n2] = g.shape;
    const [h1, h2] = [(g.upper[0] - g.lower[0]) / n1, (g.upper[1] - g.lower[1]) / n2];
    const out: { x: number; y: number; rho: number; time: string }[] = [];
    for (let i = 0; i < n1; i++)
      for (let j = 0; j < n2; j++)
        out.push({
          x: g.lower[0] + (i + 0.5) * h1,
          y: g.lower[1] + (j + 0.5) * h2,
          rho: g.density[i * n2 + j],
          time: label(c.t),
        });
    return out;
  });
  const width = pageWidth();
  const cell = Math.max(60, (width - 50) / columns.length);
  const [[x0, x1], [y0, y1]] = o.domain;
  return plot({
    title,
    description: o.description,
    width,
    height: Math.round(cell * ((y1 - y0) / (x1 - x0))) + 60,
    marginLeft: 36,
    fx: { domain: columns.map((c) => label(c.t)), label: null },
    x: { domain: o.domain[0], label: "x₁", ticks: 3, tickFormat: tick },
    y: { domain: o.domain[1], label: "x₂", ticks: 3, tickFormat: tick },
    color: cellRows.length
      ? { scheme: "blues", label: "density", legend: true, tickFormat: tick }
      : undefined,
    marks: [
      Plot.frame({ strokeOpacity: 0.3 }),
      ...(cellRows.length
        ? [
            Plot.raster(cellRows, {
              x: "x",
              y: "y",
              fill: "rho",
              fx: "time",
              x1: grids[0].lower[0],
              x2: grids[0].upper[0],
              y1: grids[0].lower[1],
              y2: grids[0].upper[1],
              width: grids[0].shape[0],
              height: grids[0].shape[1],
              interpolate: "nearest",
              imageRendering: "pixelated",
              clip: true,
            }),
          ]
        : []),
      ...(o.contours ? [densityContours(o.contours)] : []),
      ...(dotsRows.length
        ? [
            Plot.dot(dotsRows, {
              x: "x",
              y: "y",
              fx: "time",
              r: 1.2,
              fill: EARLY,
              fillOpacity: 0.6,
            }),
          ]
        : []),
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
    color: { scheme: "blues", label: "density", legend: true, tickFormat: tick },
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
