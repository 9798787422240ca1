/**
 * Particle figures in two layers. What does not move while a run computes — the axes, grid,
 * target samples or contours, rays and the colour legend — is one SVG by Observable Plot, drawn
 * once for what it shows; the particles, their start and their trails are painted on a canvas
 * over it at every frame, through the SVG's own scales. A frame then costs a canvas repaint,
 * not a new SVG.
 */
import type { Particles } from "../../src/measures/types.js";
import {
  EARLY,
  LATE,
  Plot,
  cachedFigure,
  densityContours,
  plot,
  points,
  tick,
  timeScale,
} from "./draw.js";
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

/** What the canvas shows: set at each frame, painted once the figure is on the page. */
interface Live {
  particles?: Particles;
  options: ScatterOptions;
}

/** A layered figure: the static SVG, the canvas over it, and what to paint next. */
export interface LayeredFigure extends HTMLDivElement {
  live?: Live;
  paint(): void;
}

/**
 * What an array of numbers holds, for cache keys: its length and sums (a new run sends a new
 * copy of the same reference sample, which should not rebuild the layer).
 */
const fingerprints = new WeakMap<object, string>();
function fingerprint(values: ArrayLike<number> | undefined): string {
  if (!values) return "-";
  const known = fingerprints.get(values);
  if (known) return known;
  let [s1, s2] = [0, 0];
  for (let i = 0; i < values.length; i++) {
    s1 += values[i];
    s2 += values[i] * (i + 1);
  }
  const f = `${values.length}:${s1}:${s2}`;
  fingerprints.set(values, f);
  return f;
}

type Scale = { apply(v: unknown): unknown };
interface Scaled {
  scale(name: string): Scale | undefined;
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

/** Paints the live layer through the static layer's scales. */
function paintLive(wrapper: LayeredFigure, figure: Element, canvas: HTMLCanvasElement): void {
  const live = wrapper.live;
  const svg = figure.matches("svg")
    ? figure
    : figure.querySelector(`svg[aria-label="${CSS.escape(live?.options.title ?? "")}"]`);
  const scaled = figure as unknown as Scaled;
  const x = scaled.scale?.("x");
  const y = scaled.scale?.("y");
  if (!live || !svg || !x || !y) return;
  const colour = scaled.scale("color");
  // Over the SVG exactly: same place, same size, device pixels for sharpness.
  const box = svg.getBoundingClientRect();
  const origin = wrapper.getBoundingClientRect();
  const ratio = window.devicePixelRatio || 1;
  const [w, h] = [Math.round(box.width), Math.round(box.height)];
  if (canvas.width !== w * ratio || canvas.height !== h * ratio) {
    canvas.width = w * ratio;
    canvas.height = h * ratio;
    canvas.style.width = `${w}px`;
    canvas.style.height = `${h}px`;
  }
  canvas.style.left = `${box.left - origin.left}px`;
  canvas.style.top = `${box.top - origin.top}px`;
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  // The SVG may be drawn at another size than its viewBox: scale by the ratio.
  const viewWidth = (svg as SVGSVGElement).viewBox?.baseVal?.width || w;
  const k = (w / viewWidth) * ratio;
  ctx.setTransform(k, 0, 0, k, 0, 0);
  ctx.clearRect(0, 0, viewWidth, (viewWidth * h) / w);
  const px = (v: number) => Number(x.apply(v));
  const py = (v: number) => Number(y.apply(v));
  const { options: o, particles } = live;
  const counts = { trails: 0, start: 0, current: 0 };
  ctx.lineWidth = 1.5;
  ctx.globalAlpha = 0.75;
  for (const path of o.trails ?? []) {
    counts.trails++;
    for (let i = 1; i < path.length; i++) {
      const [a, b] = [path[i - 1], path[i]];
      ctx.strokeStyle = String(colour?.apply(o.byArclength ? b.s : b.t) ?? "#777");
      ctx.beginPath();
      ctx.moveTo(px(a.x), py(a.y));
      ctx.lineTo(px(b.x), py(b.y));
      ctx.stroke();
    }
  }
  const dots = (m: Particles, fill: string, alpha: number): number => {
    ctx.fillStyle = fill;
    ctx.globalAlpha = alpha;
    const pts = points(m);
    for (const q of pts) {
      ctx.beginPath();
      ctx.arc(px(q.x), py(q.y), 2, 0, 2 * Math.PI);
      ctx.fill();
    }
    return pts.length;
  };
  if (o.start) counts.start = dots(o.start, EARLY, 0.45);
  if (particles) counts.current = dots(particles, o.current === "late" ? LATE : EARLY, 0.85);
  ctx.globalAlpha = 1;
  // What was painted, for tests and for anyone inspecting the page.
  canvas.dataset.painted = `trails:${counts.trails} start:${counts.start} current:${counts.current}`;
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
  const wrapper = cachedFigure(key, () => {
    const figure = staticLayer(o, tEnd, coloured);
    const canvas = document.createElement("canvas");
    canvas.setAttribute("aria-hidden", "true");
    canvas.className = "live-layer";
    const div = document.createElement("div") as LayeredFigure;
    div.className = "layered";
    div.append(figure, canvas);
    div.paint = () => paintLive(div, figure, canvas);
    return div;
  }) as LayeredFigure;
  wrapper.live = { particles: p, options: o };
  return wrapper;
}
