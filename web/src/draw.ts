/** The explorer's figures, drawn with Observable Plot from the frames the worker streams. */
import * as Plot from "@observablehq/plot";
import type { Grid, Measure, Particles } from "../../src/measures/types.js";
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
export const HEIGHT = 300;

/**
 * As wide as the page allows, up to 460 px, `columns` to a row where each can still be 300 px
 * wide: a figure is never scaled down, so its text stays at its size.
 */
export function figureWidth(columns = 1): number {
  const avail = laidOutWidth ?? document.querySelector("#figures")?.clientWidth ?? MAX_WIDTH;
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

/** A tabulated density's level sets as lines (blue, or the given stroke and dash pattern). */
export function densityContours(c: DensityTable, o: { stroke?: string; dash?: string } = {}) {
  return Plot.line(contourRings(c), {
    className: "contour",
    x: "x",
    y: "y",
    z: "ring",
    stroke: o.stroke ?? LATE,
    strokeWidth: 1.2,
    strokeDasharray: o.dash,
    clip: true,
  });
}

const figureCache = new Map<string, Element>();

/**
 * Figures drawn once for a key that says everything they show (the run, the frames used, the
 * values) at the page's width: a redraw for a live frame they do not show reuses them.
 */
export function cachedFigure(key: string): Element | undefined {
  return figureCache.get(`${key}|${pageWidth()}`);
}

/** Keeps a figure just drawn for cachedFigure(key) to find. */
export function keepFigure<T extends Element>(key: string, figure: T): T {
  if (figureCache.size > 64) figureCache.clear();
  figureCache.set(`${key}|${pageWidth()}`, figure);
  return figure;
}

/**
 * The figures' box width as last laid out, kept by main.ts (a ResizeObserver): reading
 * clientWidth while figures are being replaced would lay the whole page out again at each frame.
 */
let laidOutWidth: number | undefined;
/** Records the laid-out width; true when figures drawn at the previous one are now wrong. */
export function setFiguresWidth(width: number): boolean {
  const changed = Math.floor(width) !== pageWidth();
  laidOutWidth = width;
  return changed;
}

/** The page's width for figures: what a row of small multiples may fill. */
export function pageWidth(): number {
  return Math.floor(laidOutWidth ?? document.querySelector("#figures")?.clientWidth ?? 1000);
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

/** A short explanation in place of a figure (a scheme that cannot run, say). */
export function message(text: string): HTMLElement {
  const p = document.createElement("p");
  p.className = "message";
  p.textContent = text;
  return p;
}

export { Plot };
