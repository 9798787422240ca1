/**
 * `ottoflow collect DIR`: a study's runs as one table and one figure per metric and time.
 *
 *     DIR/collect/runs.csv       one row per run and time: the grid values, seed, status, each metric
 *     DIR/collect/table.csv      one row per grid point, time and metric: n, mean, sd, min, max, failed
 *     DIR/collect/table.md       the same, one row per grid point and time (mean ± sd (min – max))
 *     DIR/collect/figures/*.svg, *.png   each metric against the swept parameter
 *     DIR/report.html            the table, the figures and every run, linked to its own report
 *
 * The standard deviation is the sample one (n − 1); with `log10` in the study's collect section
 * the statistics are of log10 of the metric, as papers report errors.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../core/errors.js";
import type { Summary } from "../config/summary.js";
import {
  type CollectSpec,
  type ManifestEntry,
  type Study,
  collectSchema,
  describePoint,
} from "../config/study.js";
import { readJson, writeAtomic } from "../io/files.js";
import { svgToPng } from "../plot/render.js";
import { type ReferencePoint, type StatPoint, studyPlot } from "../plot/studyCharts.js";
import {
  type FailureRecord,
  MANIFEST_FILE,
  STUDY_FILE,
  entryPaths,
  readManifest,
  readStudyFile,
} from "./studyDir.js";

export interface Stats {
  n: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
}

/** n, mean, sample standard deviation (NaN for one value), min and max of the finite values. */
export function statistics(values: readonly number[]): Stats {
  const v = values.filter(Number.isFinite);
  const n = v.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, min: NaN, max: NaN };
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const ss = v.reduce((a, b) => a + (b - mean) ** 2, 0);
  return {
    n,
    mean,
    sd: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN,
    min: Math.min(...v),
    max: Math.max(...v),
  };
}

export interface RunValue {
  entry: ManifestEntry;
  status: string;
  t: number;
  values: Record<string, number>;
  /** False when the run stopped (unstable, diverged) before t: its values there are NaN. */
  reached: boolean;
}

export interface StatRow extends Stats {
  point: Record<string, unknown>;
  t: number;
  metric: string;
  failed: number;
  /** Runs at this point that stopped before t (not in n). */
  stopped: number;
}

/** The index of the saved time t (to 1e-9 relative), or an error naming the saved times. */
function timeIndex(ts: readonly number[], t: number, where: string): number {
  const i = ts.findIndex((s) => Math.abs(s - t) <= 1e-9 * Math.max(1, Math.abs(t)));
  if (i < 0)
    throw new ConfigError(
      `${where} has no snapshot at t = ${t} (saved: ${ts.slice(0, 8).join(", ")}${ts.length > 8 ? ", …" : ""})`,
      'choose "times" among the saved ones, or make save_every divide them',
    );
  return i;
}

/** Each complete run's metrics at the chosen times. */
export function runValues(
  entries: readonly { entry: ManifestEntry; summary: Summary }[],
  spec: CollectSpec,
): RunValue[] {
  return entries.flatMap(({ entry, summary }) => {
    const times = spec.times ?? [summary.t[summary.t.length - 1]];
    const metrics = spec.metrics ?? ["energy", ...Object.keys(summary.metrics)];
    const last = summary.t[summary.t.length - 1] ?? -Infinity;
    return times.map((t) => {
      // A run that stopped early has no values past its end: counted, not averaged.
      const reached = !(summary.status !== "ok" && t > last * (1 + 1e-9));
      const i = reached ? timeIndex(summary.t, t, `run ${entry.id}`) : -1;
      const values = Object.fromEntries(
        metrics.map((m) => {
          const series = m === "energy" ? summary.energy : summary.metrics[m];
          if (!series)
            throw new ConfigError(
              `run ${entry.id} has no metric "${m}" (it has: energy, ${Object.keys(summary.metrics).join(", ")})`,
              'fix "metrics" in the study\'s collect section',
            );
          const v = series[i] ?? NaN;
          return [m, spec.log10 ? Math.log10(v) : v];
        }),
      );
      return { entry, status: summary.status, t, values, reached };
    });
  });
}

/** Statistics over seeds for every grid point, time and metric, in manifest order. */
export function statRows(
  values: readonly RunValue[],
  failedByPoint: Map<string, number>,
): StatRow[] {
  const groups = new Map<
    string,
    { point: Record<string, unknown>; t: number; metric: string; v: number[]; stopped: number }
  >();
  for (const r of values)
    for (const [metric, v] of Object.entries(r.values)) {
      const k = JSON.stringify([r.entry.point, r.t, metric]);
      const g = groups.get(k) ?? { point: r.entry.point, t: r.t, metric, v: [], stopped: 0 };
      if (r.reached) g.v.push(v);
      else g.stopped++;
      groups.set(k, g);
    }
  return [...groups.values()].map((g) => ({
    point: g.point,
    t: g.t,
    metric: g.metric,
    ...statistics(g.v),
    failed: failedByPoint.get(JSON.stringify(g.point)) ?? 0,
    stopped: g.stopped,
  }));
}

const fmt = (v: number): string =>
  !Number.isFinite(v)
    ? ""
    : v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)
      ? v.toExponential(3)
      : Number(v.toPrecision(4)).toString();

const csvCell = (v: unknown): string => {
  const s =
    typeof v === "number"
      ? Number.isFinite(v)
        ? String(v)
        : ""
      : typeof v === "string"
        ? v
        : JSON.stringify(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const csv = (header: string[], rows: unknown[][]): string =>
  [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";

const escapeHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const fileSafe = (name: string): string => name.replace(/[^A-Za-z0-9_-]+/g, "_");

const cellOf = (s: StatRow): string =>
  s.n === 0
    ? "–"
    : `${fmt(s.mean)}${s.n > 1 ? ` ± ${fmt(s.sd)} (${fmt(s.min)} – ${fmt(s.max)})` : ""}`;

interface Table {
  header: string[];
  rows: string[][];
}

/** One row per grid point and time; a column per metric and per matching reference. */
function wideTable(
  study: Study,
  spec: CollectSpec,
  stats: StatRow[],
  metrics: string[],
  x?: string,
): Table {
  const keys = Object.keys(study.grid);
  const refs = spec.references;
  const header = [
    ...keys,
    "t",
    "runs",
    ...metrics.map((m) => (spec.log10 ? `log10 ${m}` : m)),
    ...refs.map((r) => r.label),
  ];
  const rows = new Map<string, string[]>();
  for (const s of stats) {
    const k = JSON.stringify([s.point, s.t]);
    if (!rows.has(k)) {
      const refCells = refs.map((r) => {
        if (!x || (r.t !== undefined && Math.abs(r.t - s.t) > 1e-9)) return "";
        const j = r.x.findIndex((v) => v === s.point[x]);
        return j < 0 ? "" : fmt(r.y[j]);
      });
      rows.set(k, [
        ...keys.map((g) =>
          typeof s.point[g] === "string" ? (s.point[g] as string) : JSON.stringify(s.point[g]),
        ),
        fmt(s.t),
        `${s.n}${s.failed ? ` (+${s.failed} failed)` : ""}${s.stopped ? ` (+${s.stopped} stopped before t)` : ""}`,
        ...metrics.map(() => ""),
        ...refCells,
      ]);
    }
    rows.get(k)![keys.length + 2 + metrics.indexOf(s.metric)] = cellOf(s);
  }
  return { header, rows: [...rows.values()] };
}

const markdown = (t: Table): string =>
  [t.header, t.header.map(() => "---"), ...t.rows]
    .map((r) => `| ${r.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`)
    .join("\n") + "\n";

const htmlTable = (t: Table): string =>
  `<table><tr>${t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>${t.rows
    .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`)
    .join("")}</table>`;

export interface Collected {
  dir: string;
  files: string[];
  stats: StatRow[];
  failed: FailureRecord[];
  pending: number;
  markdown: string;
}

/** Reads the study at DIR and writes its table, figures and report. */
export function collectStudy(dir: string): Collected {
  const { study } = readStudyFile(join(dir, STUDY_FILE));
  const manifest = join(dir, MANIFEST_FILE);
  const entries = readManifest(manifest);
  const spec = study.collect ?? collectSchema.parse({});
  const done: { entry: ManifestEntry; summary: Summary }[] = [];
  const failed: FailureRecord[] = [];
  let pending = 0;
  for (const entry of entries) {
    const p = entryPaths(manifest, entry);
    if (existsSync(join(p.dir, "summary.json")))
      done.push({ entry, summary: readJson<Summary>(join(p.dir, "summary.json")) });
    else if (existsSync(p.failed)) failed.push(readJson<FailureRecord>(p.failed));
    else pending++;
  }
  if (done.length === 0)
    throw new ConfigError(
      `no run of the study at ${dir} has finished (${failed.length} failed, ${pending} not run)`,
      `run it: ottoflow sweep ${join(dir, STUDY_FILE)}`,
    );
  const failedByPoint = new Map<string, number>();
  for (const f of failed)
    failedByPoint.set(
      JSON.stringify(f.point),
      (failedByPoint.get(JSON.stringify(f.point)) ?? 0) + 1,
    );
  const values = runValues(done, spec);
  const stats = statRows(values, failedByPoint);
  const metrics = [...new Set(stats.map((s) => s.metric))];
  const keys = Object.keys(study.grid);
  const swept = keys.filter((k) => study.grid[k].length > 1);
  const x = spec.x ?? swept[0] ?? keys[0];
  if (spec.x && !keys.includes(spec.x))
    throw new ConfigError(
      `collect.x "${spec.x}" is not a grid key (grid: ${keys.join(", ") || "none"})`,
      "name one of the grid's keys",
    );
  const files: string[] = [];
  const out = join(dir, "collect");
  const write = (name: string, content: string | Uint8Array) => {
    writeAtomic(join(out, name), content);
    files.push(join("collect", name));
  };

  write(
    "runs.csv",
    csv(
      ["index", "id", ...keys, "replicate", "seed", "status", "t", ...metrics],
      values.map((r) => [
        r.entry.index,
        r.entry.id,
        ...keys.map((k) => r.entry.point[k]),
        r.entry.replicate,
        r.entry.config.seed,
        r.status,
        r.t,
        ...metrics.map((m) => r.values[m]),
      ]),
    ),
  );
  write(
    "table.csv",
    csv(
      [...keys, "t", "metric", "n", "mean", "sd", "min", "max", "failed", "stopped"],
      stats.map((s) => [
        ...keys.map((k) => s.point[k]),
        s.t,
        spec.log10 ? `log10 ${s.metric}` : s.metric,
        s.n,
        s.mean,
        s.sd,
        s.min,
        s.max,
        s.failed,
        s.stopped,
      ]),
    ),
  );
  const table = wideTable(study, spec, stats, metrics, x);
  const md = markdown(table);
  write("table.md", md);

  const figures: { name: string; svg: string }[] = [];
  if (x !== undefined)
    for (const metric of metrics)
      for (const t of [...new Set(stats.map((s) => s.t))]) {
        const others = keys.filter((k) => k !== x && study.grid[k].length > 1);
        const points: StatPoint[] = stats
          .filter((s) => s.metric === metric && s.t === t)
          .map((s) => ({
            x: s.point[x] as number | string,
            series: others.map((k) => `${k}=${JSON.stringify(s.point[k])}`).join(" "),
            mean: s.mean,
            sd: s.sd,
            min: s.min,
            max: s.max,
          }));
        const references: ReferencePoint[] = spec.references
          .filter((r) => r.metric === metric && (r.t === undefined || Math.abs(r.t - t) <= 1e-9))
          .flatMap((r) => r.x.map((xv, j) => ({ x: xv, y: r.y[j], label: r.label })));
        const yLabel = spec.log10 ? `log10 ${metric}` : metric;
        const svg = studyPlot({
          title: `${yLabel} at t = ${fmt(t)}`,
          subtitle:
            study.seeds > 1
              ? `${study.name}: mean ± sd (bars) and min–max (band) over ${study.seeds} seeds`
              : `${study.name}: one seed`,
          xLabel: x,
          yLabel,
          points,
          references,
          xScale: spec.xScale,
          yScale: spec.log10 ? "linear" : spec.yScale,
        });
        const name = `${fileSafe(metric)}-t${fileSafe(fmt(t))}`;
        write(`figures/${name}.svg`, svg);
        write(`figures/${name}.png`, svgToPng(svg));
        figures.push({ name, svg });
      }

  const runRows = entries
    .map((e) => {
      const ok = done.find((d) => d.entry.index === e.index);
      const f = failed.find((d) => d.index === e.index);
      const status = ok ? ok.summary.status : f ? `failed: ${f.error.split("\n")[0]}` : "not run";
      const link = ok ? `<a href="${e.dir}/report.html">${e.id}</a>` : e.id;
      return `<tr><td>${link}</td><td>${escapeHtml(describePoint(e.point))}</td><td>${e.replicate}</td><td>${e.config.seed}</td><td>${escapeHtml(status)}</td></tr>`;
    })
    .join("");
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ottoflow study — ${escapeHtml(study.name)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#1f2328}
table{border-collapse:collapse;margin:1rem 0}td,th{border-bottom:1px solid #d0d7de;padding:.3rem .8rem;text-align:left}
figure{margin:1.5rem 0}svg{max-width:100%;height:auto}pre{background:#f6f8fa;padding:1rem;overflow:auto}
</style></head><body>
<h1>${escapeHtml(study.name)} <small>(${escapeHtml(study.preset)}, ${entries.length} runs)</small></h1>
${study.description ? `<p>${escapeHtml(study.description)}</p>` : ""}
<p>${done.length} finished, ${failed.length} failed, ${pending} not run. Statistics over ${study.seeds} seed${study.seeds > 1 ? "s" : ""}: mean ± sample standard deviation (min – max)${spec.log10 ? ", of log10 of each metric" : ""}.</p>
${htmlTable(table)}
${figures.map((f) => `<figure>${f.svg}</figure>`).join("\n")}
<h2>Runs</h2>
<table><tr><th>run</th><th>grid</th><th>replicate</th><th>seed</th><th>status</th></tr>${runRows}</table>
<h2>Study</h2><pre>${escapeHtml(JSON.stringify(study, null, 2))}</pre>
</body></html>
`;
  writeAtomic(join(dir, "report.html"), html);
  files.push("report.html");
  return { dir, files, stats, failed, pending, markdown: md };
}
