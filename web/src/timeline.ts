/**
 * The time a panel shows. Frames stay on the page once computed, so looking back at an earlier
 * time is a matter of hiding the later ones: no recomputation. `undefined` means "the newest",
 * following a run as it computes.
 */
import type { JobView, Panel, PanelState } from "./panels/types.js";
import type { Values } from "./controls.js";

/** The jobs as they stood at time t: frames and snapshots after t left out. */
export function asOf(jobs: ReadonlyMap<string, JobView>, t: number | undefined) {
  if (t === undefined) return jobs;
  const cut = t * (1 + 1e-9) + 1e-12;
  return new Map(
    [...jobs].map(([name, v]) => [
      name,
      {
        ...v,
        frames: v.frames.filter((f) => f.t <= cut),
        snapshots: v.snapshots.filter((s) => s.t <= cut),
        densities: v.densities.filter((s) => s.t <= cut),
      },
    ]),
  );
}

/** The playground's comparison curve as of time t. */
export function distanceAsOf(d: PanelState["distance"], t: number | undefined) {
  if (!d || t === undefined) return d;
  const keep = d.t.map((tt) => tt <= t * (1 + 1e-9));
  return { ...d, t: d.t.filter((_, i) => keep[i]), w2: d.w2.filter((_, i) => keep[i]) };
}

/** The newest time computed by every job that runs (one that could not run has none). */
export function computedUntil(jobs: ReadonlyMap<string, JobView>): number {
  let until = Infinity;
  for (const v of jobs.values()) {
    if (v.error) continue;
    const t = Math.max(v.frames.at(-1)?.t ?? 0, v.snapshots.at(-1)?.t ?? 0);
    until = Math.min(until, t);
  }
  return Number.isFinite(until) ? until : 0;
}

/** The horizon the current run was asked for (the longest of its jobs). */
export function requestedUntil(jobs: ReadonlyMap<string, JobView>): number {
  let until = 0;
  for (const v of jobs.values()) until = Math.max(until, v.until ?? 0);
  return until;
}

/** The panel's time control, if it has one: moving it back scrubs, past the horizon extends. */
export const timeControl = (panel: Panel) => panel.controls.find((c) => c.time);

/** The time a panel's time control stands for (its value, or the panel's own reading of it). */
export function timeOfControl(panel: Panel, values: Values): number | undefined {
  const c = timeControl(panel);
  if (!c) return undefined;
  return panel.timeOf ? panel.timeOf(values) : Number(values[c.name]);
}
