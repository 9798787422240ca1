/** `ottoflow show DIR`: what a run directory holds, in a few lines. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../core/errors.js";
import { readJson } from "../io/files.js";
import { partialPath, readIndex } from "../io/runDir.js";
import { checkSummary } from "../config/summary.js";

const fmt = (v: number | undefined): string =>
  v === undefined || !Number.isFinite(v)
    ? String(v)
    : Math.abs(v) < 1e-3 && v !== 0
      ? v.toExponential(3)
      : v.toPrecision(5);

export function showRun(dir: string): string {
  const complete = existsSync(join(dir, "summary.json"));
  const partial = partialPath(dir);
  if (!complete) {
    if (existsSync(partial))
      return `${dir}: interrupted run (files in ${partial})\n  continue it with: ottoflow run <same preset> --out ${dir} --resume\n`;
    throw new ConfigError(
      `${dir} is not a run directory (no summary.json)`,
      "pass the --out directory of `ottoflow run`",
    );
  }
  const path = join(dir, "summary.json");
  const s = checkSummary(readJson(path), path);
  const last = s.t.length - 1;
  const lines = [
    `${dir}: ${s.preset} (${s.scheme}), seed ${s.seed}`,
    `  status: ${s.status}${s.advice ? ` — ${s.advice}` : ""}`,
    `  ${s.steps} steps to t = ${fmt(s.t[last])} in ${(s.timings.total_ms / 1000).toFixed(2)} s; ${readIndex(dir).length} snapshots`,
    `  energy: ${fmt(s.energy[0])} → ${fmt(s.energy[last])}`,
    ...Object.entries(s.metrics).map(([n, v]) => `  ${n}: ${fmt(v[0])} → ${fmt(v[last])}`),
    ...Object.entries(s.events ?? {}).map(
      ([n, v]) => `  event ${n}: ${v === null ? "not reached" : fmt(v)}`,
    ),
    `  report: ${join(dir, "report.html")}`,
  ];
  return lines.join("\n") + "\n";
}
