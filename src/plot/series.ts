/** Plot-ready series shared by the reports (Node) and the web explorer (browser): no rendering here. */
import type { Measure } from "../measures/types.js";

export interface TimedMeasure {
  t: number;
  measure: Measure;
}

export type { PlotView } from "../presets/types.js";

export const MAX_CURVES = 6;

/**
 * Up to `max` snapshots, always the first and last, the rest spread evenly in log t:
 * gradient flows move fastest early, so evenly spaced times would miss the transient.
 */
export function spread(items: readonly TimedMeasure[], max = MAX_CURVES): TimedMeasure[] {
  if (items.length <= max) return [...items];
  const positive = items.filter((s) => s.t > 0);
  const t1 = positive[0]?.t ?? 1;
  const tEnd = items[items.length - 1].t;
  const chosen = new Set<TimedMeasure>([items[0]]);
  for (let j = 0; j < max - 1; j++) {
    const target = Math.log(t1) + ((Math.log(tEnd) - Math.log(t1)) * j) / (max - 2);
    let best = positive[0];
    for (const s of positive)
      if (Math.abs(Math.log(s.t) - target) < Math.abs(Math.log(best.t) - target)) best = s;
    chosen.add(best);
  }
  return items.filter((s) => chosen.has(s));
}

export const fmt = (t: number): string => String(Number(t.toPrecision(3)));

/** Density of a quantile measure: mass 1/n between consecutive quantile values. */
export function quantileDensity(values: Float64Array): { x: number; y: number }[] {
  const n = values.length;
  const stride = Math.max(1, Math.floor(n / 400));
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i + stride < n; i += stride) {
    const h = values[i + stride] - values[i];
    if (h > 0) out.push({ x: 0.5 * (values[i] + values[i + stride]), y: stride / (n * h) });
  }
  return out;
}

/** The probability levels whose quantile trajectories the figures follow. */
export const QUANTILE_LEVELS = [0.02, 0.1, 0.25, 0.5, 0.75, 0.9, 0.98];

/** Rows (t, Q_t(s), s) of the quantile trajectories of 1D quantile measures. */
export function quantileTrajectories(snaps: readonly TimedMeasure[]) {
  return snaps.flatMap(({ t, measure }) =>
    measure.kind === "quantile1d"
      ? QUANTILE_LEVELS.map((s) => ({
          t,
          q: measure.values[
            Math.min(measure.values.length - 1, Math.floor(s * measure.values.length))
          ],
          s: String(s),
        }))
      : [],
  );
}
