/**
 * Particle figures in two layers (layer.ts): the axes, grid, target samples or contours, rays
 * and the colour legend are the static SVG; the particles, their start and their trails are
 * painted on the canvas over it at every frame.
 */
import type { Particles } from "../../src/measures/types.js";
import { EARLY, LATE, Plot, densityContours, plot, points, tick, timeScale } from "./draw.js";
import {
  type LayeredFigure,
  type Scales,
  StrokeBatch,
  checksum,
  fillDots,
  fingerprint,
  layered,
} from "./layer.js";
import type { DensityTable } from "./protocol.js";

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
  /** Paths of a few particles, oldest first, coloured red → blue by time (or arclength). */
  trails?: { x: number; y: number; t: number; s: number }[][];
  /** Colour the trails by the fraction of their arclength travelled instead of by time. */
  byArclength?: boolean;
  /** The end of the time colour scale (default: the trails' last time). */
  tEnd?: number;
  domain?: [[number, number], [number, number]];
  rays?: { x: number; y: number }[];
  /** The current particles' colour: red while they travel (default), blue once they have arrived. */
  current?: "early" | "late";
  /** How many figures share a row. */
  columns?: number;
}

/** The static layer: everything but the particles, their start and their trails. */
function staticLayer(o: ScatterOptions, tEnd: number, coloured: boolean) {
  const colour: Plot.ScaleOptions | undefined = !coloured
    ? undefined
    : o.byArclength
      ? {
          type: "linear",
          domain: [0, 1],
          range: [EARLY, LATE],
          legend: true,
          label: "arclength travelled (fraction)",
        }
      : timeScale(tEnd);
  const [[x0, x1], [y0, y1]] = o.domain ?? [
    [0, 1],
    [0, 1],
  ];
  return plot({
    title: o.title,
    description: o.description,
    columns: o.columns,
    // Equal units on both axes: a disc looks like a disc.
    aspectRatio: 1,
    grid: true,
    x: { label: "x₁", domain: o.domain?.[0], tickFormat: tick },
    y: { label: "x₂", domain: o.domain?.[1], tickFormat: tick },
    color: colour,
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
      // Invisible corners: they bind the x and y scales (and the colour scale, so that its
      // legend is drawn) for the marks painted on the canvas.
      Plot.dot(
        [
          [x0, y0, 0],
          [x1, y1, 1],
        ],
        { x: (d) => d[0], y: (d) => d[1], r: 0, ...(colour ? { fill: (d) => d[2] } : {}) },
      ),
    ],
  });
}

/** Paints the trails, the start and the particles now, each colour in one stroke or fill. */
function paintLive(
  ctx: CanvasRenderingContext2D,
  { x, y, color }: Scales,
  particles: Particles | undefined,
  o: ScatterOptions,
): { painted: string; checksum: number } {
  const px = (v: number) => Number(x.apply(v));
  const py = (v: number) => Number(y.apply(v));
  const counts = { trails: 0, start: 0, current: 0 };
  ctx.lineWidth = 1.5;
  ctx.globalAlpha = 0.75;
  const batch = new StrokeBatch();
  // Arclength is continuous: 64 shades are as many as the eye tells apart on a short segment.
  const value = o.byArclength
    ? (q: { s: number }) => Math.round(q.s * 64) / 64
    : (q: { t: number }) => q.t;
  for (const path of o.trails ?? []) {
    counts.trails++;
    for (let i = 1; i < path.length; i++) {
      const [a, b] = [path[i - 1], path[i]];
      batch.add(String(color?.apply(value(b)) ?? "#777"), px(a.x), py(a.y), px(b.x), py(b.y));
    }
  }
  let sum = batch.stroke(ctx);
  const dots = (m: Particles, fill: string, alpha: number): number => {
    const pts = points(m);
    const xy = new Float64Array(2 * pts.length);
    pts.forEach((q, i) => {
      xy[2 * i] = px(q.x);
      xy[2 * i + 1] = py(q.y);
    });
    sum = checksum([sum, fillDots(ctx, xy, 2, fill, alpha)]);
    return pts.length;
  };
  if (o.start) counts.start = dots(o.start, EARLY, 0.45);
  if (particles) counts.current = dots(particles, o.current === "late" ? LATE : EARLY, 0.85);
  return {
    painted: `trails:${counts.trails} start:${counts.start} current:${counts.current}`,
    checksum: sum,
  };
}

/**
 * A domain that holds the particles, their start and the reference, rounded out to steps of
 * ½ so that the cached static layer changes only when the cloud outgrows it.
 */
function domainOf(sets: (Particles | undefined)[]): [[number, number], [number, number]] {
  const lo = [Infinity, Infinity];
  const hi = [-Infinity, -Infinity];
  for (const m of sets)
    for (const q of m ? points(m, 2000) : [])
      [q.x, q.y].forEach((v, k) => {
        lo[k] = Math.min(lo[k], v);
        hi[k] = Math.max(hi[k], v);
      });
  const round = (k: number): [number, number] =>
    Number.isFinite(lo[k])
      ? [Math.floor(lo[k] * 2 - 0.5) / 2, Math.ceil(hi[k] * 2 + 0.5) / 2]
      : [-1, 1];
  return [round(0), round(1)];
}

/** A cloud by its size and two of its coordinates: it moved if they did. */
const cloudKey = (m: Particles | undefined): string =>
  m ? `${m.n}:${m.x[0]}:${m.x[m.x.length - 1]}` : "-";

/**
 * What the canvas shows, as a value: a redraw for another figure's frame (a new array of the
 * same trails) does not repaint this one.
 */
function liveKey(p: Particles | undefined, o: ScatterOptions): string {
  const trails = o.trails ?? [];
  const end = trails[0]?.at(-1);
  const points = trails.reduce((n, path) => n + path.length, 0);
  return [cloudKey(p), cloudKey(o.start), points, end?.x, end?.y, end?.t].join("|");
}

/** Particles over their target (samples or density contours), with trails, start and rays. */
export function scatter(p: Particles | undefined, given: ScatterOptions): LayeredFigure {
  const o = given.domain
    ? given
    : { ...given, domain: domainOf([p, given.start, given.reference]) };
  const tEnd = o.tEnd ?? Math.max(0, ...(o.trails ?? []).map((path) => path.at(-1)?.t ?? 0));
  const coloured = (o.trails ?? []).length > 0;
  const key = [
    "scatter",
    o.title,
    JSON.stringify(o.domain),
    fingerprint(o.reference?.x),
    fingerprint(o.contours?.values),
    JSON.stringify(o.rays ?? null),
    o.byArclength ? "s" : `t${tick(tEnd)}`,
    coloured,
    o.columns ?? 1,
  ].join("|");
  return layered(key, () => staticLayer(o, tEnd, coloured), o.title, {
    key: liveKey(p, o),
    paint: (ctx, scales) => paintLive(ctx, scales, p, o),
  });
}
