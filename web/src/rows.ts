/**
 * One view of a flow at a few times, side by side on shared axes (a row of the seed's rows ×
 * times figures), in two layers (layer.ts): the frames, the facets' axes and the target's
 * density contours in every column are the static SVG, drawn once a run; particles are painted
 * as dots on a canvas over it, a grid density as cells on a canvas under it (so the contours
 * stay on top). A time not computed yet keeps its empty column.
 */
import type { Grid, Particles } from "../../src/measures/types.js";
import { EARLY, Plot, densityContours, pageWidth, plot, points, tick } from "./draw.js";
import { type LayeredFigure, type Scales, checksum, fingerprint, idOf, layered } from "./layer.js";
import type { DensityTable } from "./protocol.js";

/** One column of a row of small multiples: a time, and what stood there then. */
export interface TimeColumn {
  t: number;
  particles?: Particles;
  grid?: Grid;
}

type Box = [[number, number], [number, number]];

const label = (t: number) => `t = ${tick(t)}`;

/** The static layer: a frame, the axes and the contours in each column. */
function staticRow(title: string, labels: string[], o: RowOptions) {
  const width = pageWidth();
  const cell = Math.max(60, (width - 50) / labels.length);
  const [[x0, x1], [y0, y1]] = o.domain;
  return plot({
    title,
    description: o.description,
    width,
    height: Math.round(cell * ((y1 - y0) / (x1 - x0))) + 60,
    marginLeft: 36,
    fx: { domain: labels, label: null },
    x: { domain: o.domain[0], label: "x₁", ticks: 3, tickFormat: tick },
    y: { domain: o.domain[1], label: "x₂", ticks: 3, tickFormat: tick },
    marks: [
      Plot.frame({ strokeOpacity: 0.3 }),
      ...(o.contours ? [densityContours(o.contours)] : []),
      // Invisible: they bind the x, y and facet scales for what the canvas paints.
      Plot.dot(labels, { x: () => x0, y: () => y0, fx: (d) => d, r: 0 }),
      Plot.dot(labels, { x: () => x1, y: () => y1, fx: (d) => d, r: 0 }),
    ],
  });
}

interface RowOptions {
  domain: Box;
  contours?: DensityTable;
  description: string;
  /** A row of grid densities (cells under the contours) rather than particles (dots over). */
  cells?: boolean;
}

/** Where a column's data coordinates land on the canvas: its facet's offset, then x and y. */
function columnScales({ x, y, fx }: Scales, name: string) {
  const dx = fx ? Number(fx.apply(name)) - (fx.range?.[0] ?? 0) : 0;
  return { px: (v: number) => dx + Number(x.apply(v)), py: (v: number) => Number(y.apply(v)) };
}

/** Each column's particles as red dots, a dot a fill so that dense places look dense. */
function paintDots(ctx: CanvasRenderingContext2D, scales: Scales, columns: readonly TimeColumn[]) {
  ctx.fillStyle = EARLY;
  ctx.globalAlpha = 0.6;
  let sum = 0;
  const counts = columns.map((c) => {
    if (!c.particles) return 0;
    const { px, py } = columnScales(scales, label(c.t));
    const pts = points(c.particles, 300);
    for (const q of pts) {
      const [x, y] = [px(q.x), py(q.y)];
      ctx.beginPath();
      ctx.arc(x, y, 1.2, 0, 2 * Math.PI);
      ctx.fill();
      sum = checksum([x, y], sum);
    }
    return pts.length;
  });
  return { painted: `dots:${counts.join(",")}`, checksum: sum };
}

/** The colour of a density value: Plot's "blues" scheme over [lo, hi], tabulated in 256 steps. */
function bluesTable(domain: [number, number]): Uint8ClampedArray {
  const scale = Plot.scale({ color: { scheme: "blues", domain } });
  const table = new Uint8ClampedArray(256 * 3);
  for (let k = 0; k < 256; k++) {
    const c = String(scale.apply(domain[0] + ((domain[1] - domain[0]) * k) / 255));
    const [r, g, b] = (c.match(/\d+/g) ?? ["0", "0", "0"]).map(Number);
    table.set([r, g, b], 3 * k);
  }
  return table;
}

/**
 * Cells as an image, one pixel a cell: column i, row j counted up from the bottom, coloured by
 * `value(i, j)` over `domain`; with a checksum of the colours, so that the markup changes with
 * the picture.
 */
export function cellImage(
  nx: number,
  ny: number,
  value: (i: number, j: number) => number,
  domain: [number, number],
): { canvas: HTMLCanvasElement; checksum: number } {
  const table = bluesTable(domain);
  const span = domain[1] - domain[0] || 1;
  const image = new ImageData(nx, ny);
  let checksum = 0;
  // Image rows run down from the top; the cells' rows run up.
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const k = Math.max(0, Math.min(255, Math.round(((value(i, j) - domain[0]) / span) * 255)));
      checksum = (Math.imul(checksum, 31) + k) | 0;
      const at = 4 * ((ny - 1 - j) * nx + i);
      image.data.set(table.subarray(3 * k, 3 * k + 3), at);
      image.data[at + 3] = 255;
    }
  const canvas = document.createElement("canvas");
  [canvas.width, canvas.height] = [nx, ny];
  canvas.getContext("2d")?.putImageData(image, 0, 0);
  return { canvas, checksum };
}

/** Each column's grid density as cells (nearest, one pixel a cell, stretched), clipped to the frame. */
function paintCells(
  ctx: CanvasRenderingContext2D,
  scales: Scales,
  columns: readonly TimeColumn[],
  o: { domain: Box; colours: [number, number] },
) {
  let [painted, sum] = [0, 0];
  for (const c of columns) {
    const g = c.grid;
    if (!g) continue;
    const [n1, n2] = g.shape;
    // the grid is row-major over (x₁, x₂)
    const { canvas: cells, checksum } = cellImage(
      n1,
      n2,
      (i, j) => g.density[i * n2 + j],
      o.colours,
    );
    sum = (Math.imul(sum, 31) + checksum) | 0;
    const { px, py } = columnScales(scales, label(c.t));
    const [[x0, x1], [y0, y1]] = o.domain;
    ctx.save();
    ctx.beginPath();
    ctx.rect(px(x0), py(y1), px(x1) - px(x0), py(y0) - py(y1));
    ctx.clip();
    ctx.imageSmoothingEnabled = false;
    const [left, top] = [px(g.lower[0]), py(g.upper[1])];
    ctx.drawImage(cells, left, top, px(g.upper[0]) - left, py(g.lower[1]) - top);
    ctx.restore();
    painted++;
  }
  return { painted: `cells:${painted}`, checksum: sum };
}

/** The density legend of a grid row, above its SVG; replaced when the shown range changes. */
function setLegend(figure: LayeredFigure, title: string, domain: [number, number] | undefined) {
  const key = domain ? domain.join(",") : "";
  if ((figure.dataset.legend ?? "") === key) return;
  figure.querySelector(".row-legend")?.remove();
  figure.dataset.legend = key;
  if (!domain) return;
  const legend = Plot.legend({
    color: { scheme: "blues", domain, label: "density", tickFormat: tick },
    style: { fontSize: "12px" },
  });
  legend.classList.add("row-legend");
  figure.querySelector(`svg[aria-label="${CSS.escape(title)}"]`)?.before(legend);
}

/** A row of small multiples: particles as dots, or grid densities as cells, over β's contours. */
export function timeRow(title: string, columns: readonly TimeColumn[], o: RowOptions) {
  const labels = columns.map((c) => label(c.t));
  const grids = columns.flatMap((c) => (c.grid ? [c.grid] : []));
  let [lo, hi] = [Infinity, -Infinity];
  for (const g of grids) for (const v of g.density) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const colours: [number, number] | undefined = grids.length ? [lo, hi] : undefined;
  const key = [
    "row",
    title,
    labels,
    JSON.stringify(o.domain),
    fingerprint(o.contours?.values),
    o.description,
  ].join("|");
  const figure = layered(
    key,
    () => staticRow(title, labels, o),
    title,
    {
      key: columns.map((c) => idOf(c.particles ?? c.grid)).join(","),
      paint: (ctx, scales) =>
        o.cells
          ? paintCells(ctx, scales, columns, { domain: o.domain, colours: colours ?? [0, 1] })
          : paintDots(ctx, scales, columns),
    },
    { under: o.cells },
  );
  setLegend(figure, title, colours);
  return figure;
}
