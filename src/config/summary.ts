/** summary.json: status, advice, the saved times and what was measured at them. */
import { z } from "zod";
import { ConfigError } from "../core/errors.js";
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

const series = z.array(z.number().nullable()); // JSON writes NaN and ±Infinity as null
const summarySchema = z.object({
  status: z.enum(["ok", "inaccurate", "diverged", "unstable", "stalled", "cancelled"]),
  advice: z.string().nullable(),
  preset: z.string(),
  scheme: z.string(),
  seed: z.number(),
  steps: z.number(),
  t: series.min(1),
  energy: series,
  metrics: z.record(z.string(), series),
  events: z.record(z.string(), z.number().nullable()).optional(),
  timings: z.object({ total_ms: z.number(), steps_ms: z.number(), diagnostics_ms: z.number() }),
});

/** A summary.json read back, checked; a ConfigError naming `where` when it is not one. */
export function checkSummary(value: unknown, where: string): Summary {
  const parsed = summarySchema.safeParse(value);
  if (!parsed.success)
    throw new ConfigError(
      `${where} is not a run summary (${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
        .join("; ")})`,
      "it was truncated or edited: run again to rewrite it",
    );
  return parsed.data as Summary;
}
