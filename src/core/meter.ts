/**
 * How far a long, synchronous computation has got, for a caller that wants to show it: the
 * computation calls its meter with `done` of `total` units of work as it goes (`total` NaN when
 * the amount is not known ahead, `done` then a count of `unit`s, such as pivots). Calls are
 * cheap and frequent; throttling is the caller's.
 */
export type Meter = (done: number, total: number, unit?: string) => void;

/**
 * A meter for one part of a computation that spans the fractions [from, to] of the whole, so
 * that parts of different sizes report one overall fraction. An unknown total passes through.
 */
export function partOf(meter: Meter | undefined, from: number, to: number): Meter | undefined {
  if (!meter) return undefined;
  return (done, total, unit) =>
    Number.isFinite(total) && total > 0
      ? meter(from + ((to - from) * Math.min(done, total)) / total, 1)
      : meter(done, NaN, unit);
}

/**
 * The fraction done of an iteration that drives an error from `start` down to `goal`, read on a
 * log scale: linear convergence makes it grow at a steady rate, which makes an honest ETA.
 */
export function logFraction(start: number, now: number, goal: number): number {
  if (!(start > goal)) return 1;
  const f = Math.log(start / now) / Math.log(start / goal);
  return Number.isFinite(f) ? Math.min(1, Math.max(0, f)) : 0;
}
