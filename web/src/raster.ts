/**
 * A tabulated 2D density as a raster, in two layers (layer.ts): the frame, the axes, the colour
 * legend and a reference density's contours are the static SVG; the cells are painted on a
 * canvas under it (so the contours stay on top), smoothed between cell centres.
 */
import { Plot, densityContours, plot, tick } from "./draw.js";
import { type LayeredFigure, fingerprint, idOf, layered, setCaption } from "./layer.js";
import type { DensityTable } from "./protocol.js";
import { cellImage } from "./rows.js";

type Box = [[number, number], [number, number]];

export interface RasterOptions {
  title: string;
  /** What the figure shows, for a screen reader. */
  description: string;
  domain: Box;
  /** The colour scale's top: values above it take its darkest blue. */
  top: number;
  /** The colour legend's label. */
  label: string;
  /** A reference density, drawn as dark dashed contour lines over the cells. */
  contours?: DensityTable;
  /** A line under the title that changes with the frames (which iterate, how long it took). */
  caption?: string;
  columns?: number;
}

function staticLayer(o: RasterOptions) {
  const [[x0, x1], [y0, y1]] = o.domain;
  return plot({
    title: o.title,
    description: o.description,
    columns: o.columns,
    aspectRatio: 1,
    x: { label: "x₁", domain: o.domain[0], tickFormat: tick },
    y: { label: "x₂", domain: o.domain[1], tickFormat: tick },
    color: {
      scheme: "blues",
      domain: [0, o.top],
      legend: true,
      label: o.label,
      tickFormat: tick,
    },
    marks: [
      Plot.frame(),
      ...(o.contours ? [densityContours(o.contours, { stroke: "#1d2430", dash: "4,3" })] : []),
      // Invisible corners: they bind the x, y and colour scales for the cells on the canvas.
      Plot.dot(
        [
          [x0, y0, 0],
          [x1, y1, o.top],
        ],
        { x: (d) => d[0], y: (d) => d[1], r: 0, fill: (d) => d[2] },
      ),
    ],
  });
}

/** The table's cells, one pixel a cell, drawn over its box through the SVG's scales. */
function paintCells(
  ctx: CanvasRenderingContext2D,
  x: (v: number) => number,
  y: (v: number) => number,
  table: DensityTable,
  top: number,
) {
  const { nx, ny, values } = table;
  const { canvas: cells, checksum: sum } = cellImage(nx, ny, (i, j) => values[j * nx + i], [
    0,
    top,
  ]);
  const [left, right, high, low] = [x(table.x[0]), x(table.x[1]), y(table.y[1]), y(table.y[0])];
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(cells, left, high, right - left, low - high);
  return { painted: `cells:${nx * ny}`, checksum: sum };
}

/** A density as blue cells under a reference's dashed contours, with its colour legend. */
export function densityRaster(table: DensityTable | undefined, o: RasterOptions): LayeredFigure {
  const key = [
    "raster",
    o.title,
    JSON.stringify(o.domain),
    o.top,
    o.label,
    fingerprint(o.contours?.values),
    o.columns ?? 1,
  ].join("|");
  const figure = layered(
    key,
    () => staticLayer(o),
    o.title,
    {
      key: `${idOf(table)}|${o.top}`,
      paint: (ctx, { x, y }) =>
        table
          ? paintCells(
              ctx,
              (v) => Number(x.apply(v)),
              (v) => Number(y.apply(v)),
              table,
              o.top,
            )
          : { painted: "cells:0", checksum: 0 },
    },
    { under: true },
  );
  setCaption(figure, o.caption);
  return figure;
}
