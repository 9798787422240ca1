/**
 * A study's figure: a metric against a swept parameter, one colour per series (the other swept
 * keys), the mean over seeds as a line with ±1 standard deviation as bars and the min–max range
 * as a band; reference values (a paper's figure, a floor) as open symbols.
 */
import * as Plot from "@observablehq/plot";
import { plotToSvg } from "./render.js";

export interface StatPoint {
  x: number | string;
  series: string;
  mean: number;
  sd: number;
  min: number;
  max: number;
}

export interface ReferencePoint {
  x: number | string;
  y: number;
  label: string;
}

export type AxisScale = "auto" | "log" | "linear";

/** Log when asked, or on "auto" when every value is positive and they span a decade or more. */
export function useLog(values: readonly number[], scale: AxisScale): boolean {
  const finite = values.filter(Number.isFinite);
  if (scale !== "auto") return scale === "log" && finite.every((v) => v > 0);
  return (
    finite.length > 1 &&
    finite.every((v) => v > 0) &&
    Math.max(...finite) / Math.min(...finite) >= 10
  );
}

export function studyPlot(o: {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  points: StatPoint[];
  references?: ReferencePoint[];
  xScale?: AxisScale;
  yScale?: AxisScale;
}): string {
  const numeric = [...o.points, ...(o.references ?? [])].every((p) => typeof p.x === "number");
  // Lines join, and labels sit at, the points in x order.
  const byX = <T extends { x: number | string }>(a: T, b: T): number =>
    numeric ? (a.x as number) - (b.x as number) : 0;
  const points = o.points.filter((p) => Number.isFinite(p.mean)).sort(byX);
  const refs = [...(o.references ?? [])].sort(byX);
  const xs = [...new Set(points.map((p) => p.x))];
  const xLog =
    numeric &&
    useLog(
      [...points, ...refs].map((p) => p.x as number),
      o.xScale ?? "auto",
    );
  const ys = [...points.flatMap((p) => [p.min, p.max]), ...refs.map((r) => r.y)];
  const yLog = useLog(ys, o.yScale ?? "auto");
  // On a log axis a bar reaching below zero is cut at the smallest value drawn.
  const floor = yLog ? Math.min(...ys.filter((v) => v > 0)) : -Infinity;
  const bars = points
    .filter((p) => Number.isFinite(p.sd))
    .map((p) => ({ ...p, lo: Math.max(p.mean - p.sd, floor), hi: p.mean + p.sd }));
  const series = [...new Set(points.map((p) => p.series))];
  const many = series.length > 1 || series[0] !== "";
  return plotToSvg({
    title: o.title,
    subtitle: o.subtitle,
    width: 620,
    height: 340,
    grid: true,
    marginLeft: 70,
    marginBottom: numeric ? 40 : 80,
    // series and references are labelled at their last point (a legend of HTML swatches
    // would not survive the flattening to one SVG)
    marginRight: many || refs.length ? 130 : 20,
    x: numeric
      ? {
          label: o.xLabel,
          type: xLog ? "log" : "linear",
          tickFormat: "~g",
          // ticks at the swept values themselves, when there are few enough to read
          ...(xs.length <= 12 ? { ticks: xs } : {}),
        }
      : // the grid's order (e.g. the schemes as listed), names slanted so that long ones fit
        {
          label: o.xLabel,
          type: "point",
          padding: 0.5,
          domain: [...new Set([...points, ...refs].map((p) => p.x))],
          tickRotate: -25,
        },
    y: { label: o.yLabel, type: yLog ? "log" : "linear", tickFormat: "~g" },
    color: many ? { domain: series } : undefined,
    marks: [
      ...(numeric
        ? [
            Plot.areaY(points, {
              x: "x",
              y1: "min",
              y2: "max",
              fill: many ? "series" : "steelblue",
              fillOpacity: 0.15,
              curve: "linear",
              z: "series",
            }),
            Plot.line(points, {
              x: "x",
              y: "mean",
              stroke: many ? "series" : "steelblue",
              z: "series",
            }),
          ]
        : [
            Plot.ruleX(points, {
              x: "x",
              y1: "min",
              y2: "max",
              stroke: many ? "series" : "steelblue",
              strokeOpacity: 0.3,
              strokeWidth: 8,
            }),
          ]),
      Plot.ruleX(bars, { x: "x", y1: "lo", y2: "hi", stroke: many ? "series" : "steelblue" }),
      Plot.dot(points, { x: "x", y: "mean", fill: many ? "series" : "steelblue", r: 3 }),
      ...(refs.length
        ? [
            Plot.dot(refs, { x: "x", y: "y", symbol: "label", stroke: "black", r: 4.5 }),
            Plot.text(
              refs,
              Plot.selectLast({
                x: "x",
                y: "y",
                z: "label",
                text: "label",
                dx: 8,
                textAnchor: "start",
              }),
            ),
          ]
        : []),
      ...(many
        ? [
            Plot.text(
              points,
              Plot.selectLast({
                x: "x",
                y: "mean",
                z: "series",
                text: "series",
                fill: "series",
                dx: 8,
                textAnchor: "start",
              }),
            ),
          ]
        : []),
    ],
  });
}
