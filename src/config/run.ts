/**
 * The one run path: a RunConfig becomes a finished run — the problem built, the scheme made,
 * flow() run with the caller's sinks, the summary written with the preset's events and the
 * scheme's counts. The CLI, the explorer's worker, sweeps and the library all come through here,
 * so that one configuration gives one run wherever it runs. Browser-safe.
 */
import type { Checkpoint, FlowOptions, Metric, RunResult } from "../flow/types.js";
import { flow } from "../flow/flow.js";
import type { Experiment } from "../presets/types.js";
import { keyToString, key } from "../random/key.js";
import { refusal } from "../schemes/registry.js";
import type { Scheme } from "../schemes/types.js";
import { VERSION } from "../version.js";
import { type RunConfig, experimentKeys } from "./resolve.js";
import { type Summary, summarise } from "./summary.js";

/** A run ready to go: its problem, its scheme, what run.json records, and flow()'s options. */
export interface PreparedRun {
  readonly config: RunConfig;
  readonly experiment: Experiment;
  readonly scheme: Scheme;
  readonly record: RunRecord;
}

/** run.json: everything that reproduces the run, and reads back as a config. */
export type RunRecord = {
  ottoflow: string;
  preset: string;
  scheme: { name: string; params: Record<string, unknown> };
  params: Record<string, unknown>;
  time: { dt: number; until: number; save_every: number };
  seed: number;
  key: string;
  problem: Record<string, unknown>;
};

/** What a caller watches and keeps while the run goes (all optional). */
export type RunHooks = Pick<
  FlowOptions,
  | "signal"
  | "maxWallMs"
  | "yieldEveryMs"
  | "yieldControl"
  | "onStep"
  | "onState"
  | "onSnapshot"
  | "onCheckpoint"
  | "onStart"
  | "keepSnapshots"
  | "resume"
  | "energyOnlyForChecks"
>;

export interface FinishedRun extends PreparedRun {
  readonly result: RunResult;
  readonly summary: Summary;
}

/** A RunConfig as plain JSON (what a config file or a sweep's manifest line holds); reads back to the same config. */
export type ConfigRecord = Pick<RunRecord, "preset" | "scheme" | "params" | "time" | "seed">;

export function configRecord(config: RunConfig): ConfigRecord {
  return {
    preset: config.preset.name,
    // the parameters the problem decides itself are not the scheme's to record
    scheme: {
      name: config.scheme.name,
      params: Object.fromEntries(
        Object.entries(config.schemeParams).filter(([k]) => !config.preset.decides?.includes(k)),
      ),
    },
    params: config.params,
    time: config.time,
    seed: config.seed,
  };
}

export function runRecord(config: RunConfig, experiment: Experiment): RunRecord {
  const { preset, scheme, params, time, seed } = configRecord(config);
  return {
    ottoflow: VERSION,
    preset,
    scheme,
    params,
    time,
    seed,
    key: keyToString(key(config.seed)),
    problem: experiment.problem,
  };
}

/** Builds the problem and the scheme; refuses a scheme that cannot run the problem, naming those that can. */
export function prepareRun(config: RunConfig): PreparedRun {
  const experiment = config.preset.build(config.params as never, {
    key: experimentKeys(config.seed).problem,
    time: config.time,
    scheme: config.scheme,
    schemeParams: config.schemeParams,
  });
  const refused = refusal(config.scheme, experiment);
  if (refused) throw refused;
  const scheme = config.scheme.make(config.schemeParams as never);
  return { config, experiment, scheme, record: runRecord(config, experiment) };
}

/** The metrics as flow() calls them: through the preset's readout of the scheme's measure. */
function readMetrics(exp: Experiment): Record<string, Metric> {
  const { readout } = exp;
  if (!readout) return exp.metrics;
  return Object.fromEntries(
    Object.entries(exp.metrics).map(([name, f]) => [name, (m, t) => f(readout(m), t)]),
  );
}

/** flow()'s options for a prepared run, without the caller's hooks. */
export function flowOptions(prepared: PreparedRun): FlowOptions {
  const { config, experiment: exp, scheme } = prepared;
  return {
    energy: exp.energy,
    initial: exp.initial,
    scheme,
    dt: config.time.dt,
    until: config.time.until,
    saveEvery: config.time.save_every,
    metrics: readMetrics(exp),
    evaluate: exp.evaluate,
    key: experimentKeys(config.seed).flow,
  };
}

/** The summary of a result: the preset's events, the scheme's counts, the retries, its accuracy. */
export function summaryOf(prepared: PreparedRun, result: RunResult): Summary {
  const { config, experiment: exp, scheme } = prepared;
  const summary = summarise(
    result,
    { preset: config.preset.name, scheme: config.scheme.name, seed: config.seed },
    {
      ...exp.events?.(result.history),
      ...scheme.events?.(result.final),
      ...(scheme.retries ? { "steps retried": result.retries } : {}),
    },
    {
      ...exp.eventDefinitions,
      ...scheme.eventDefinitions,
      ...(scheme.retries
        ? {
            "steps retried": `steps whose first attempt failed and were taken again (up to ${scheme.retries} times, e.g. at a smaller learning rate)`,
          }
        : {}),
    },
  );
  const far = exp.accuracy && result.status === "ok" ? inaccuracy(prepared, result) : undefined;
  return far ? { ...summary, status: "inaccurate", advice: far } : summary;
}

/** Why a run that ended ok is far from the answer its preset knows, or undefined. */
function inaccuracy({ config, experiment }: PreparedRun, result: RunResult): string | undefined {
  const { metric, limit } = experiment.accuracy!;
  const values = result.history.metrics[metric] ?? [];
  const last = values[values.length - 1];
  if (last === undefined || last <= limit) return undefined;
  const dt = config.time.dt;
  return (
    `${metric} = ${last.toPrecision(3)} at t = ${result.history.t[result.history.t.length - 1]}, ` +
    `above the ${limit.toPrecision(2)} a converged run stays under: the step is too large for this ` +
    `problem; try dt ≤ ${(dt / 4).toPrecision(2)}${config.schemeParams.n !== undefined ? ", or more particles (scheme.n)" : ""}`
  );
}

/** Runs a prepared run to its end (or its cancellation) with the caller's hooks. */
export async function runPrepared(
  prepared: PreparedRun,
  hooks: RunHooks = {},
): Promise<FinishedRun> {
  const result = await flow({ ...flowOptions(prepared), ...hooks });
  return { ...prepared, result, summary: summaryOf(prepared, result) };
}

/** prepareRun, then runPrepared. */
export function runExperiment(config: RunConfig, hooks: RunHooks = {}): Promise<FinishedRun> {
  return runPrepared(prepareRun(config), hooks);
}

export type { Checkpoint };
