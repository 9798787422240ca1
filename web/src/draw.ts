/** The explorer's figures, drawn with Observable Plot from the frames the worker streams. */
import * as Plot from "@observablehq/plot";
import type { Grid, Measure, Particles } from "../../src/measures/types.js";
import { quantileDensity, quantileTrajectories } from "../../src/plot/series.js";

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

const WIDTH = 460;
const HEIGHT = 300;

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
  return Plot.plot({
    title,
    width: WIDTH,
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
  return Plot.plot({
    title,
    width: WIDTH,
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
  reference?: Particles;
  /** Paths of a few particles: arrays of points, oldest first. */
  trails?: { x: number; y: number }[][];
  domain?: [[number, number], [number, number]];
  rays?: { x: number; y: number }[];
}

/** Particles (red) over the target samples (blue), with optional trails and dashed rays. */
export function scatter(p: Particles | undefined, o: ScatterOptions) {
  const trailRows = (o.trails ?? []).flatMap((path, k) => path.map((q) => ({ ...q, k })));
  return Plot.plot({
    title: o.title,
    width: WIDTH,
    // Equal units on both axes: a disc looks like a disc.
    aspectRatio: 1,
    grid: true,
    x: { label: "x₁", domain: o.domain?.[0] },
    y: { label: "x₂", domain: o.domain?.[1] },
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
      ...(o.reference
        ? [
            Plot.dot(points(o.reference, 1500), {
              x: "x",
              y: "y",
              r: 1.5,
              fill: LATE,
              fillOpacity: 0.35,
            }),
          ]
        : []),
      Plot.line(trailRows, { x: "x", y: "y", z: "k", stroke: "#777", strokeOpacity: 0.6 }),
      ...(p ? [Plot.dot(points(p), { x: "x", y: "y", r: 2, fill: EARLY, fillOpacity: 0.8 })] : []),
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
  return Plot.plot({
    title,
    width: WIDTH,
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

/** Curves y(t), one per named series. */
export function curves(
  series: Record<string, { t: number[]; y: number[] }>,
  title: string,
  yLabel: string,
  log = false,
) {
  const rows = Object.entries(series).flatMap(([name, { t, y }]) =>
    t
      .map((tt, i) => ({ t: tt, y: y[i], name }))
      .filter((r) => Number.isFinite(r.y) && (!log || r.y > 0)),
  );
  return Plot.plot({
    title,
    width: WIDTH,
    height: HEIGHT,
    grid: true,
    x: { label: "t" },
    y: { label: yLabel, type: log ? "log" : "linear" },
    color: { legend: Object.keys(series).length > 1 },
    marks: [Plot.line(rows, { x: "t", y: "y", stroke: "name" })],
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
  return Plot.plot({
    title,
    width: WIDTH,
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
