/** plots/*.svg, plots/*.png and a self-contained report.html for a run directory. */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { History } from "../flow/types.js";
import { writeAtomic } from "../io/files.js";
import { toQuantile1d } from "../measures/convert.js";
import { readIndex, readSnapshot } from "../io/runDir.js";
import type { Summary } from "../config/summary.js";
import {
  type PlotView,
  type TimedMeasure,
  densityPlot,
  energyPlot,
  metricPlot,
  particlesPlot,
  quantileDensityPlot,
  quantileTrajectoriesPlot,
  gridPlot,
} from "./charts.js";
import { svgToPng } from "./render.js";

const escapeHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const fileSafe = (name: string): string => name.replace(/[^A-Za-z0-9_-]+/g, "_");

export interface Figure {
  name: string;
  svg: string;
}

export function figuresFor(dir: string, summary: Summary, view: PlotView): Figure[] {
  const snaps: TimedMeasure[] = readIndex(dir).map((e) => ({
    t: e.t,
    measure: readSnapshot(dir, e),
  }));
  const history: History = {
    step: [],
    t: summary.t,
    energy: summary.energy,
    metrics: summary.metrics,
  };
  const figures: Figure[] = [];
  // 1D grids are drawn through their quantile functions, as the quantile JKO's iterates.
  const snaps1d = snaps.map((s) =>
    s.measure.kind === "grid" && s.measure.d === 1
      ? { ...s, measure: toQuantile1d(s.measure, 1000) }
      : s,
  );
  const first = snaps1d[0]?.measure;
  if (first?.kind === "quantile1d")
    figures.push(
      {
        name: "density",
        svg: quantileDensityPlot(snaps1d, view, `${summary.preset}: density over time`),
      },
      {
        name: "quantiles",
        svg: quantileTrajectoriesPlot(snaps1d, `${summary.preset}: quantile trajectories Q_t(s)`),
      },
    );
  if (first?.kind === "grid" && first.d === 2)
    figures.push({ name: "density", svg: gridPlot(snaps, `${summary.preset}: density over time`) });
  if (first?.kind === "particles")
    figures.push(
      first.d === 1
        ? { name: "density", svg: densityPlot(snaps, view, `${summary.preset}: density over time`) }
        : {
            name: "particles",
            svg: particlesPlot(snaps, `${summary.preset}: particles (first two coordinates)`),
          },
    );
  figures.push({ name: "energy", svg: energyPlot(history) });
  for (const name of Object.keys(summary.metrics))
    figures.push({ name: `metric-${fileSafe(name)}`, svg: metricPlot(history, name) });
  return figures;
}

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0)
    ? v.toExponential(3)
    : v.toPrecision(5);
}

function reportHtml(summary: Summary, runJson: unknown, figures: Figure[]): string {
  const last = summary.t.length - 1;
  const metricRows = Object.entries(summary.metrics)
    .map(
      ([n, v]) => `<tr><td>${escapeHtml(n)}</td><td>${fmt(v[0])}</td><td>${fmt(v[last])}</td></tr>`,
    )
    .join("");
  const events = Object.entries(summary.events ?? {});
  const eventTable = events.length
    ? `<h2>Results</h2><table>${events
        .map(
          ([n, v]) =>
            `<tr><td>${escapeHtml(n)}</td><td>${v === null ? "not reached" : fmt(v)}</td><td>${escapeHtml(summary.event_definitions?.[n] ?? "")}</td></tr>`,
        )
        .join("")}</table>`
    : "";
  const colour = summary.status === "ok" ? "#1a7f37" : "#b42318";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ottoflow — ${escapeHtml(summary.preset)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1f2328}
.status{display:inline-block;padding:.2rem .6rem;border-radius:1rem;color:white;background:${colour}}
table{border-collapse:collapse;margin:1rem 0}td,th{border-bottom:1px solid #d0d7de;padding:.3rem .8rem;text-align:left}
figure{margin:1.5rem 0}svg{max-width:100%;height:auto}pre{background:#f6f8fa;padding:1rem;overflow:auto}
</style></head><body>
<h1>${escapeHtml(summary.preset)} <small>(${escapeHtml(summary.scheme)})</small></h1>
<p><span class="status">${escapeHtml(summary.status)}</span> ${summary.advice ? escapeHtml(summary.advice) : ""}</p>
<table><tr><th>quantity</th><th>t = ${fmt(summary.t[0])}</th><th>t = ${fmt(summary.t[last])}</th></tr>
<tr><td>energy F</td><td>${fmt(summary.energy[0])}</td><td>${fmt(summary.energy[last])}</td></tr>${metricRows}</table>
<p>${summary.steps} steps, seed ${summary.seed}, ${(summary.timings.total_ms / 1000).toFixed(2)} s
(${(summary.timings.diagnostics_ms / 1000).toFixed(2)} s in diagnostics).</p>
${eventTable}
${figures.map((f) => `<figure>${f.svg}</figure>`).join("\n")}
<h2>Configuration</h2><pre>${escapeHtml(JSON.stringify(runJson, null, 2))}</pre>
</body></html>
`;
}

/** Writes every figure as SVG and PNG, then the report; returns the files written. */
export function writeReport(
  dir: string,
  summary: Summary,
  runJson: unknown,
  view: PlotView,
): string[] {
  const figures = figuresFor(dir, summary, view);
  mkdirSync(join(dir, "plots"), { recursive: true });
  const files: string[] = [];
  for (const f of figures) {
    writeAtomic(join(dir, "plots", `${f.name}.svg`), f.svg);
    writeAtomic(join(dir, "plots", `${f.name}.png`), svgToPng(f.svg));
    files.push(`plots/${f.name}.svg`, `plots/${f.name}.png`);
  }
  writeAtomic(join(dir, "report.html"), reportHtml(summary, runJson, figures));
  files.push("report.html");
  return files;
}
