/**
 * Figures in two layers. What does not move while a run computes — the axes, grid, contours,
 * rules and legends — is one SVG by Observable Plot, drawn once for what it shows; what moves
 * (particles, trails, curves, a grid's cells) is painted on a canvas laid over it, or under it
 * where the SVG's lines must stay on top, through the SVG's own scales. A new frame then costs a
 * canvas repaint, not a new SVG.
 */
import { cachedFigure, keepFigure } from "./draw.js";

export interface Scale {
  apply(v: unknown): unknown;
  range?: number[];
}

/** The static layer's scales, as Plot exposes them (`fx` for a row of facets). */
export interface Scales {
  x: Scale;
  y: Scale;
  fx?: Scale;
  color?: Scale;
}

/** What the canvas shows next. */
export interface Live {
  /** The same key as the last paint's (by identity) and the same size: nothing to paint. */
  key: unknown;
  /**
   * Paints in the SVG's own coordinates; returns what it painted (counts) and a checksum of
   * the painted coordinates, so that a different picture reads differently in the markup.
   */
  paint(ctx: CanvasRenderingContext2D, scales: Scales): { painted: string; checksum: number };
}

/** A layered figure: the static SVG, the canvas, and what to paint next. */
export interface LayeredFigure extends HTMLDivElement {
  live?: Live;
  paint(): void;
}

interface Exposed {
  scale(name: string): Scale | undefined;
}

/**
 * At most one static layer is built per display frame. A change that redraws every axis (a
 * new horizon, a new run's extent) would otherwise build and lay out several SVGs in one task,
 * over the 50 ms budget; a figure past the first keeps its previous static layer for a frame,
 * with the new live layer painted through its scales, and main.ts draws again while any wait.
 */
const frame = { panel: "", builds: 0, deferred: false, seen: new Map<string, number>() };
/** The figure last shown in each slot (a title and its occurrence) of the open panel. */
const shown = new Map<string, LayeredFigure>();

/** Starts a display frame's draw of `panel` (a new panel has nothing to keep). */
export function startFrame(panel: string): void {
  if (panel !== frame.panel) shown.clear();
  Object.assign(frame, { panel, builds: 0, deferred: false });
  frame.seen.clear();
}

/** Whether the last frame kept a previous static layer: draw again at the next one. */
export function buildsDeferred(): boolean {
  return frame.deferred;
}

/**
 * The layered figure cached under `key` (everything the static layer shows), with `live` to
 * paint once it is on the page (`main.ts` calls `paint()` after placing it: it needs layout).
 */
export function layered(
  key: string,
  build: () => Element,
  title: string,
  live: Live,
  o: { under?: boolean } = {},
): LayeredFigure {
  const full = `layered|${o.under ? "under" : "over"}|${key}`;
  const occurrence = frame.seen.get(title) ?? 0;
  frame.seen.set(title, occurrence + 1);
  const slot = `${title}#${occurrence}`;
  const previous = shown.get(slot);
  let wrapper = cachedFigure(full) as LayeredFigure | undefined;
  if (!wrapper && previous && frame.builds >= 1) {
    frame.deferred = true;
    previous.live = live;
    return previous;
  }
  if (!wrapper) {
    frame.builds++;
    const figure = build();
    const canvas = document.createElement("canvas");
    canvas.setAttribute("aria-hidden", "true");
    canvas.className = o.under ? "live-layer under" : "live-layer";
    const div = document.createElement("div") as LayeredFigure;
    div.className = "layered";
    div.append(figure, canvas);
    div.paint = painter(div, figure, canvas, title);
    wrapper = keepFigure(full, div);
  }
  wrapper.live = live;
  shown.set(slot, wrapper);
  return wrapper;
}

/**
 * A line under the figure's title that changes with the frames (the time each run reached):
 * a text, not a new SVG.
 */
export function setCaption(figure: LayeredFigure, text: string | undefined): void {
  let line = figure.querySelector<HTMLElement>(".live-caption");
  if (!text) return line?.remove();
  if (!line) {
    line = document.createElement("p");
    line.className = "live-caption";
    const title = figure.querySelector("h2");
    if (title) title.after(line);
    else figure.prepend(line);
  }
  if (line.textContent !== text) line.textContent = text;
}

/** The figure's main SVG (a figure with a title or a legend wraps it). */
const mainSvg = (figure: Element, title: string): SVGSVGElement | null =>
  figure instanceof SVGSVGElement
    ? figure
    : figure.querySelector<SVGSVGElement>(`svg[aria-label="${CSS.escape(title)}"]`);

function painter(
  wrapper: LayeredFigure,
  figure: Element,
  canvas: HTMLCanvasElement,
  title: string,
) {
  let painted: { key: unknown; place: string } | undefined;
  let scales: Scales | undefined;
  return (): void => {
    const live = wrapper.live;
    const svg = mainSvg(figure, title);
    if (!scales) {
      const exposed = figure as unknown as Partial<Exposed>;
      const [x, y] = [exposed.scale?.("x"), exposed.scale?.("y")];
      if (!x || !y) return;
      scales = { x, y, fx: exposed.scale?.("fx"), color: exposed.scale?.("color") };
    }
    if (!live || !svg) return;
    // Over the SVG exactly: same place, same size, device pixels for sharpness.
    const box = svg.getBoundingClientRect();
    const origin = wrapper.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    const [w, h] = [Math.round(box.width), Math.round(box.height)];
    const [left, top] = [box.left - origin.left, box.top - origin.top];
    const place = `${w}x${h}@${left},${top}x${ratio}`;
    if (painted && painted.key === live.key && painted.place === place) return;
    // Styles are written only when they change: a write would make the next figure's reading
    // of its box lay out the page again.
    if (painted?.place !== place) {
      canvas.width = w * ratio;
      canvas.height = h * ratio;
      Object.assign(canvas.style, {
        width: `${w}px`,
        height: `${h}px`,
        left: `${left}px`,
        top: `${top}px`,
      });
    }
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    // The SVG may be drawn at another size than its viewBox: scale by the ratio.
    const viewWidth = svg.viewBox?.baseVal?.width || w;
    const k = (w / viewWidth) * ratio;
    ctx.setTransform(k, 0, 0, k, 0, 0);
    ctx.clearRect(0, 0, viewWidth, (viewWidth * h) / w);
    // What was painted, for tests and for anyone inspecting the page.
    const { painted: what, checksum: sum } = live.paint(ctx, scales);
    canvas.dataset.painted = what;
    canvas.dataset.checksum = String(sum);
    ctx.globalAlpha = 1;
    painted = { key: live.key, place };
  };
}

/**
 * Segments grouped by colour and stroked once a colour: a path's colour changes along it, and a
 * stroke a segment costs a thousand strokes a frame.
 */
export class StrokeBatch {
  private readonly byColour = new Map<string, number[]>();

  add(colour: string, x0: number, y0: number, x1: number, y1: number): void {
    let segments = this.byColour.get(colour);
    if (!segments) this.byColour.set(colour, (segments = []));
    segments.push(x0, y0, x1, y1);
  }

  /** Strokes every colour's segments; returns the checksum of their coordinates. */
  stroke(ctx: CanvasRenderingContext2D): number {
    let sum = 0;
    for (const [colour, s] of this.byColour) {
      sum = checksum(s, sum);
      ctx.strokeStyle = colour;
      ctx.beginPath();
      for (let i = 0; i < s.length; i += 4) {
        ctx.moveTo(s[i], s[i + 1]);
        ctx.lineTo(s[i + 2], s[i + 3]);
      }
      ctx.stroke();
    }
    return sum;
  }
}

/** Dots of one colour as one path, filled once. */
export function fillDots(
  ctx: CanvasRenderingContext2D,
  xy: ArrayLike<number>,
  r: number,
  fill: string,
  alpha: number,
): number {
  ctx.fillStyle = fill;
  ctx.globalAlpha = alpha;
  ctx.beginPath();
  for (let i = 0; i < xy.length; i += 2) {
    ctx.moveTo(xy[i] + r, xy[i + 1]);
    ctx.arc(xy[i], xy[i + 1], r, 0, 2 * Math.PI);
  }
  ctx.fill();
  return checksum(xy);
}

/**
 * A checksum of painted coordinates (to a tenth of a pixel, in order), continuing `h`: two
 * pictures that differ read differently, even where their sums agree (a symmetric cloud).
 */
export function checksum(xy: ArrayLike<number>, h = 0): number {
  for (let i = 0; i < xy.length; i++) h = (Math.imul(h, 31) + Math.round(xy[i] * 10)) | 0;
  return h;
}

/** One polyline a colour value, each stroked once. */
export function strokeLines(
  ctx: CanvasRenderingContext2D,
  lines: readonly { colour: string; xy: ArrayLike<number> }[],
  width = 1.5,
): number {
  ctx.lineWidth = width;
  ctx.lineJoin = "round";
  let sum = 0;
  for (const { colour, xy } of lines) {
    sum = checksum(xy, sum);
    if (xy.length < 4) continue;
    ctx.strokeStyle = colour;
    ctx.beginPath();
    ctx.moveTo(xy[0], xy[1]);
    for (let i = 2; i < xy.length; i += 2) ctx.lineTo(xy[i], xy[i + 1]);
    ctx.stroke();
  }
  return sum;
}

/**
 * What an array of numbers holds, for cache keys: its length and sums (a new run sends a new
 * copy of the same reference sample, which should not rebuild the layer).
 */
const fingerprints = new WeakMap<object, string>();
export function fingerprint(values: ArrayLike<number> | undefined): string {
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

const ids = new WeakMap<object, number>();
let lastId = 0;

/** A number for an object, the same as long as it lives (for keys of what a figure shows). */
export function idOf(o: object | undefined): number {
  if (!o) return 0;
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = ++lastId));
  return id;
}
