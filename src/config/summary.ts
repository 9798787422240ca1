/** summary.json: status, advice, the saved times and what was measured at them. */
import type { RunResult, RunStatus } from "../flow/types.js";

export interface Summary {
  status: RunStatus;
  advice: string | null;
  preset: string;
  scheme: string;
  seed: number;
  steps: number;
  t: number[];
  energy: number[];
  metrics: Record<string, number[]>;
  /** Event times named by the preset (null: not reached). */
  events?: Record<string, number | null>;
  /** What each event measures. */
  event_definitions?: Record<string, string>;
  timings: { total_ms: number; steps_ms: number; diagnostics_ms: number };
}

export function summarise(
  r: RunResult,
  about: { preset: string; scheme: string; seed: number },
  events?: Record<string, number | null>,
  definitions?: Record<string, string>,
): Summary {
  return {
    status: r.status,
    advice: r.advice ?? null,
    ...about,
    steps: r.steps,
    t: r.history.t,
    energy: r.history.energy,
    metrics: r.history.metrics,
    ...(events ? { events } : {}),
    ...(definitions && Object.keys(definitions).length ? { event_definitions: definitions } : {}),
    timings: r.timings,
  };
}
