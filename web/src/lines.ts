/**
 * Curves in two layers (layer.ts): the axes, grid, rules and colour legend are the static SVG,
 * drawn once for their domains; the curves are painted on the canvas over it. Domains are
 * rounded out on a fine ladder, so the static layer changes when the data outgrows a rung, not
 * at every frame.
 */
import type { Measure } from "../../src/measures/types.js";
import { QUANTILE_LEVELS, quantileDensity } from "../../src/plot/series.js";
import { HEIGHT, Plot, type Timed, plot, thin, tick, timeScale } from "./draw.js";
import { type LayeredFigure, fillDots, idOf, layered, setCaption, strokeLines } from "./layer.js";

type Domain = [number, number];

/** One curve: the value its colour stands for (a time, a level) and its points, x and y interleaved. */
export interface Curve {
  c: number | string;
  xy: ArrayLike<number>;
}

export interface LineOptions {
  title: string;
  /** What the figure shows, for a screen reader (may change with the curves). */
  description: string;
  /** A line under the title: what to read in the curves. */
  subtitle?: string;
  x: { label: string; domain: Domain };
  /** The y axis: linear by default, or the given type (log, symlog with its constant). */
  y: { label: string; domain: Domain } & Pick<
    Plot.ScaleOptions,
    "type" | "constant" | "ticks" | "tickFormat"
  >;
  color: Plot.ScaleOptions;
  /** The colour scale's values: every one of an ordinal scale, the ends of a continuous one. */
  colorValues: (number | string)[];
  /** Static marks under the curves (rules), and what they show, for the cache key. */
  marks?: Plot.Markish[];
  marksKey?: string;
  /** How many figures share a row. */
  columns?: number;
  /** A dot at each point (curves of a few points). */
  markers?: boolean;
  /** What the curves show: a figure whose key has not changed is not painted again. */
  liveKey: string;
}

/** Curves painted over static axes, each coloured through the SVG's colour scale. */
export function lineFigure(curves: readonly Curve[], o: LineOptions): LayeredFigure {
  const [[x0, x1], [y0, y1]] = [o.x.domain, o.y.domain];
  const key = [
    "lines",
    o.title,
    o.x.label,
    o.x.domain,
    o.subtitle ?? "",
    o.y.label,
    o.y.domain,
    o.y.type ?? "linear",
    o.y.constant ?? "",
    o.y.ticks ?? "",
    JSON.stringify(o.color),
    o.colorValues,
    o.marksKey ?? "",
    o.columns ?? 1,
  ].join("|");
  const build = () =>
    plot({
      title: o.title,
      subtitle: o.subtitle,
      description: o.description,
      height: HEIGHT,
      columns: o.columns,
      grid: true,
      x: { label: o.x.label, domain: o.x.domain, tickFormat: tick },
      y: { ...o.y, tickFormat: o.y.tickFormat ?? tick },
      color: o.color,
      marks: [
        ...(o.marks ?? []),
        // Invisible: they bind the x, y and colour scales for the curves on the canvas.
        Plot.dot(o.colorValues, { x: () => x0, y: () => y0, r: 0, fill: (d) => d }),
        Plot.dot([0], { x: () => x1, y: () => y1, r: 0 }),
      ],
    });
  const figure = layered(key, build, o.title, {
    key: o.liveKey,
    paint(ctx, { x, y, color }) {
      const lines = curves.map(({ c, xy }) => {
        const at = new Float64Array(xy.length);
        for (let i = 0; i < xy.length; i += 2) {
          at[i] = Number(x.apply(xy[i]));
          at[i + 1] = Number(y.apply(xy[i + 1]));
        }
        return { colour: String(color?.apply(c) ?? "currentColor"), xy: at };
      });
      const sum = strokeLines(ctx, lines);
      if (o.markers) for (const l of lines) fillDots(ctx, l.xy, 2.5, l.colour, 1);
      const last = curves.at(-1)?.c;
      return {
        painted: `curves:${curves.length}${last === undefined ? "" : ` last:${last}`}`,
        checksum: sum,
      };
    },
  });
  // The text alternative says how many curves are drawn: an attribute, not a new SVG.
  const svg = figure.querySelector(`svg[aria-label="${CSS.escape(o.title)}"]`);
  if (svg && svg.getAttribute("aria-description") !== o.description)
    svg.setAttribute("aria-description", o.description);
  return figure;
}

const LADDER = [1, 1.2, 1.4, 1.6, 1.8, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8, 9, 10];

/** v > 0 rounded up to the ladder 1, 1.2, …, 2, 2.5, …, 4, 5, …, 10 (× a power of ten): steps of at most 25 %. */
export function niceCeil(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  // A hair of slack: v exactly on a rung stays on it despite rounding in v / p.
  return p * (LADDER.find((r) => r * p >= v * (1 - 1e-12)) ?? 10);
}

/** The end of an axis rounded away from 0 on the ladder (0 stays 0). */
export function niceOut(v: number, up: boolean): number {
  if (v === 0 || !Number.isFinite(v)) return 0;
  if (v > 0 === up) return Math.sign(v) * niceCeil(Math.abs(v));
  // Towards 0 on the ladder: the largest rung at or below |v|.
  const p = 10 ** Math.floor(Math.log10(Math.abs(v)));
  const rungs = LADDER.filter((r) => r * p <= Math.abs(v) * (1 + 1e-12));
  return Math.sign(v) * p * (rungs.at(-1) ?? 1);
}

/** [lo, hi] rounded outwards on the ladder; a single value gets a unit around it. */
export function niceDomain(lo: number, hi: number): Domain {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) return [niceOut(lo - 1, false), niceOut(hi + 1, true)];
  return [niceOut(lo, false), niceOut(hi, true)];
}

/** Shared axes for several density figures, so that tails and fronts compare. */
export interface DensityAxes {
  x?: Domain;
  y?: Domain;
  /** Draw the density down to 0 at the support's ends (a compact front, not a cut-off tail). */
  front?: boolean;
  /** How many figures share a row (their widths shrink to fit, down to 300 px). */
  columns?: number;
}

const densities = [
  new WeakMap<Float64Array, Float64Array>(),
  new WeakMap<Float64Array, Float64Array>(),
];

/**
 * The density of a quantile measure as interleaved (x, y), with the support's ends at 0 when it
 * has a front; once per measure (a snapshot never changes).
 */
function densityXY(values: Float64Array, front: boolean): Float64Array {
  const cache = densities[front ? 1 : 0];
  let xy = cache.get(values);
  if (xy) return xy;
  const rows = quantileDensity(values);
  const ends = front && rows.length > 0;
  const all = ends
    ? [{ x: values[0], y: 0 }, ...rows, { x: values[values.length - 1], y: 0 }]
    : rows;
  xy = new Float64Array(2 * all.length);
  all.forEach((r, i) => {
    xy![2 * i] = r.x;
    xy![2 * i + 1] = r.y;
  });
  cache.set(values, xy);
  return xy;
}

/** Axes that hold every frame of every set: the widest support and the highest density. */
export function sharedDensityAxes(sets: readonly (readonly Timed[])[]): DensityAxes {
  let [lo, hi, top] = [Infinity, -Infinity, 0];
  for (const frames of sets)
    for (const { measure } of frames) {
      if (measure.kind !== "quantile1d") continue;
      lo = Math.min(lo, measure.values[0]);
      hi = Math.max(hi, measure.values[measure.values.length - 1]);
      const xy = densityXY(measure.values, false);
      for (let i = 1; i < xy.length; i += 2) top = Math.max(top, xy[i]);
    }
  return Number.isFinite(lo) ? { x: niceDomain(lo, hi), y: [0, niceCeil(top * 1.05)] } : {};
}

/** What a list of frames shows, for a live key: how many, and the last one. */
const framesKey = (frames: readonly Timed[]): string => {
  const last = frames.at(-1);
  return `${frames.length}|${last?.t}|${idOf(last?.measure)}`;
};

/** Densities of 1D quantile measures, coloured over time (at most 40 of them). */
export function densityCurves(
  frames: readonly Timed[],
  title: string,
  tEnd: number,
  axes: DensityAxes = {},
): LayeredFigure {
  const shown = thin(frames, 40);
  const own = axes.x && axes.y ? axes : sharedDensityAxes([shown]);
  const curves = shown.flatMap(({ t, measure }) =>
    measure.kind === "quantile1d" ? [{ c: t, xy: densityXY(measure.values, !!axes.front) }] : [],
  );
  return lineFigure(curves, {
    title,
    description: `the density at ${shown.length} times from red (t = 0) to blue (t = ${tick(tEnd)})`,
    x: { label: "x", domain: own.x ?? [-1, 1] },
    y: { label: "density", domain: own.y ?? [0, 1] },
    color: timeScale(tEnd),
    colorValues: [0, tEnd || 1],
    marks: [Plot.ruleY([0])],
    columns: axes.columns,
    liveKey: framesKey(shown),
  });
}

/** t ↦ Q_t(s) for a few levels s: the Lagrangian view of the same movement, on t ∈ [0, tEnd]. */
export function quantilePaths(frames: readonly Timed[], title: string, tEnd: number) {
  const levels = QUANTILE_LEVELS.map(String);
  const quantile = (values: Float64Array, s: number) =>
    values[Math.min(values.length - 1, Math.floor(s * values.length))];
  const quantiles = frames.flatMap(({ t, measure }) =>
    measure.kind === "quantile1d" ? [{ t, values: measure.values }] : [],
  );
  let [lo, hi] = [Infinity, -Infinity];
  const curves = QUANTILE_LEVELS.map((s, k) => {
    const xy = new Float64Array(2 * quantiles.length);
    quantiles.forEach(({ t, values }, i) => {
      const q = quantile(values, s);
      [lo, hi] = [Math.min(lo, q), Math.max(hi, q)];
      xy[2 * i] = t;
      xy[2 * i + 1] = q;
    });
    return { c: levels[k], xy };
  });
  return lineFigure(curves, {
    title,
    description: `the quantiles Q_t(s) of ${levels.length} levels s against t, at ${quantiles.length} times`,
    x: { label: "t", domain: [0, tEnd || 1] },
    y: { label: "Q_t(s)", domain: niceDomain(lo, hi) },
    color: { type: "ordinal", scheme: "plasma", legend: true, label: "level s", domain: levels },
    colorValues: levels,
    markers: true,
    liveKey: framesKey(frames),
  });
}

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** 10ᵏ for a power of ten: "10⁻³", and 1 and 10 as plain numbers. */
export function powerOfTen(v: number): string {
  const k = Math.round(Math.log10(v));
  if (k === 0 || k === 1) return String(10 ** k);
  const digits = [...String(Math.abs(k))].map((c) => SUPERSCRIPT[Number(c)]).join("");
  return `10${k < 0 ? "⁻" : ""}${digits}`;
}

/**
 * How a curve's values are scaled: `linear` always shows 0 (a 2 % change does not look like
 * convergence); `log` for positive quantities spanning decades; `signed-log` (symlog) for an
 * estimate that can fall below 0, so negative values are drawn, not dropped.
 */
export type CurveScale = "linear" | "log" | "signed-log";

/**
 * Curves y(t) on t ∈ [0, tEnd], one per named series; `note` says, under the title, what to
 * read in them.
 */
export function curves(
  series: Record<string, { t: number[]; y: number[] }>,
  title: string,
  yLabel: string,
  o: { scale?: CurveScale; note?: string; tEnd?: number } = {},
): LayeredFigure {
  const scale = o.scale ?? "linear";
  const names = Object.keys(series);
  let [lo, hi, tMax] = [Infinity, -Infinity, 0];
  const lines = names.map((name) => {
    const { t, y } = series[name];
    const xy: number[] = [];
    t.forEach((tt, i) => {
      if (!Number.isFinite(y[i]) || (scale === "log" && y[i] <= 0)) return;
      xy.push(tt, y[i]);
      [lo, hi, tMax] = [Math.min(lo, y[i]), Math.max(hi, y[i]), Math.max(tMax, tt)];
    });
    return { c: name, xy };
  });
  const empty = !Number.isFinite(lo);
  let y: LineOptions["y"];
  if (scale === "log") {
    const [d0, d1] = empty ? [0, 1] : [Math.floor(Math.log10(lo)), Math.ceil(Math.log10(hi))];
    // A tick at each power of ten, labelled 10ᵏ: short labels that say the axis is logarithmic.
    const ticks = Array.from({ length: d1 - d0 + 1 }, (_, k) => 10 ** (d0 + k));
    y = {
      label: yLabel,
      type: "log",
      ticks,
      tickFormat: powerOfTen,
      domain: [10 ** d0, 10 ** Math.max(d1, d0 + 1)],
    };
  } else {
    const domain = empty ? ([0, 1] as Domain) : niceDomain(Math.min(lo, 0), Math.max(hi, 0));
    const top = Math.max(Math.abs(domain[0]), Math.abs(domain[1]));
    y =
      scale === "signed-log"
        ? { label: yLabel, type: "symlog", constant: Math.max(1e-12, top * 1e-3), ticks: 5, domain }
        : { label: yLabel, domain };
  }
  return lineFigure(lines, {
    title,
    subtitle: o.note,
    description: `${yLabel} against time t: ${names.join(", ")}`,
    x: { label: "t", domain: [0, o.tEnd || tMax || 1] },
    y,
    color: { type: "categorical", domain: names, legend: names.length > 1 },
    colorValues: names,
    marks: scale === "log" ? [] : [Plot.ruleY([0], { strokeOpacity: 0.5 })],
    liveKey: lines.map((l) => `${l.xy.length}:${l.xy.at(-2)}:${l.xy.at(-1)}`).join("|"),
  });
}

/** A 1D measure's density as interleaved (x, y): quantile cells, a histogram of particles, a grid. */
function density1dXY(measure: Measure): number[] {
  const xy: number[] = [];
  if (measure.kind === "quantile1d")
    for (const r of quantileDensity(measure.values)) xy.push(r.x, r.y);
  else if (measure.kind === "particles") {
    const xs = Array.from(measure.x).sort((a, b) => a - b);
    const [lo, hi] = [xs[0], xs[xs.length - 1]];
    const bins = Math.max(10, Math.min(80, Math.round(Math.sqrt(xs.length))));
    const h = (hi - lo) / bins || 1;
    const counts = new Array<number>(bins).fill(0);
    for (const v of xs) counts[Math.min(bins - 1, Math.floor((v - lo) / h))]++;
    counts.forEach((c, i) => xy.push(lo + (i + 0.5) * h, c / (xs.length * h)));
  } else if (measure.kind === "grid" && measure.d === 1) {
    const h = (measure.upper[0] - measure.lower[0]) / measure.shape[0];
    measure.density.forEach((y, i) => xy.push(measure.lower[0] + (i + 0.5) * h, y));
  }
  return xy;
}

/**
 * Densities of 1D measures (the playground's A and B), one colour a name; `caption` says, under
 * the title, what changes with the frames (the time each reached).
 */
export function density1d(
  sets: { name: string; measure: Measure }[],
  title: string,
  caption?: string,
): LayeredFigure {
  let [lo, hi, top] = [Infinity, -Infinity, 0];
  const curves = sets.map(({ name, measure }) => {
    const xy = density1dXY(measure);
    for (let i = 0; i < xy.length; i += 2)
      [lo, hi, top] = [Math.min(lo, xy[i]), Math.max(hi, xy[i]), Math.max(top, xy[i + 1])];
    return { c: name, xy };
  });
  const names = sets.map((s) => s.name);
  const figure = lineFigure(curves, {
    title,
    description: `the density of ${names.join(" and ") || "each run"} against x`,
    x: { label: "x", domain: niceDomain(lo, hi) },
    y: { label: "density", domain: [0, niceCeil(top * 1.05)] },
    color: { type: "categorical", domain: names, legend: names.length > 0 },
    colorValues: names,
    marks: [Plot.ruleY([0])],
    liveKey: sets.map((s) => idOf(s.measure)).join(","),
  });
  setCaption(figure, caption);
  return figure;
}
