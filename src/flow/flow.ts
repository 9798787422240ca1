/**
 * flow() owns the loop: time stepping, snapshots and diagnostics, progress,
 * cancellation, checkpoints and the run's status. A numerical failure ends the
 * run with a status and advice, never with an unexplained exception.
 */
import { ConfigError, NumericalError } from "../core/errors.js";
import { energyValue } from "../energies/evaluate.js";
import { energyParts } from "../energies/parts.js";
import { foldIn, split } from "../random/key.js";
import { refusal } from "../schemes/registry.js";
import type { Measure } from "../measures/types.js";
import type { Problem, SchemeState } from "../schemes/types.js";
import { measureFault } from "./health.js";
import type { Checkpoint, FlowOptions, History, RunResult, RunStatus, Snapshot } from "./types.js";

const YIELD_EVERY_MS = 50;

/** More steps than this is a typo in dt or until, not a run (and would overflow the step keys). */
export const MAX_STEPS = 1e9;

function validate(o: FlowOptions, problem: Problem): void {
  if (!(o.until > 0) || !Number.isFinite(o.until))
    throw new ConfigError(`until must be a positive time, got ${o.until}`);
  if (!(o.dt > 0) || !Number.isFinite(o.dt))
    throw new ConfigError(`dt must be a positive step, got ${o.dt}`);
  if (o.until / o.dt > MAX_STEPS)
    throw new ConfigError(
      `until/dt = ${(o.until / o.dt).toExponential(2)} steps is beyond the ${MAX_STEPS.toExponential(0)} a run may take`,
      "use a larger dt or a shorter until",
    );
  if (o.saveEvery !== undefined && !(o.saveEvery > 0))
    throw new ConfigError(`saveEvery must be > 0, got ${o.saveEvery}`);
  const refused = refusal(o.scheme, problem);
  if (refused) throw refused;
}

/** Number of steps to reach `until`, and the step index → time map (no accumulated rounding). */
export function schedule(until: number, dt: number, saveEvery?: number) {
  const steps = Math.max(1, Math.ceil(until / dt - 1e-9));
  const stride = Math.max(1, Math.round((saveEvery ?? until / 10) / dt));
  return {
    steps,
    stride,
    timeAt: (k: number) => (k >= steps ? until : k * dt),
    isSave: (k: number) => k % stride === 0 || k === steps,
  };
}

function emptyHistory(metricNames: string[]): History {
  return {
    step: [],
    t: [],
    energy: [],
    metrics: Object.fromEntries(metricNames.map((n) => [n, []])),
  };
}

const nextTick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * F of the measure saved at `step`, as the loop evaluates it for a scheme without an `energy`
 * of its own (the same estimator options and the same diagnostic key).
 */
export function energyAt(
  options: Pick<FlowOptions, "energy" | "evaluate" | "key">,
  measure: Measure,
  step: number,
): number {
  const diagnosticKey = split(options.key, 3)[2];
  return energyValue(options.energy, measure, {
    ...options.evaluate,
    key: foldIn(diagnosticKey, step),
  });
}

export async function flow(options: FlowOptions): Promise<RunResult> {
  const { scheme, until, dt, metrics = {} } = options;
  const problem: Problem = { energy: options.energy, initial: options.initial };
  validate(options, problem);
  const parts = energyParts(options.energy);
  const descends =
    typeof scheme.descends === "function" ? scheme.descends(parts) : scheme.descends !== false;
  const plan = schedule(until, dt, options.saveEvery);
  const [initKey, stepKey] = split(options.key, 3);
  let retries = options.resume?.retries ?? 0;
  const started = performance.now();
  const priorMs = options.resume?.elapsedMs ?? 0;
  let diagnosticsMs = 0;

  let state: SchemeState = options.resume?.state ?? scheme.init(problem, initKey);
  const history: History = options.resume
    ? structuredClone(options.resume.history)
    : emptyHistory(Object.keys(metrics));
  const snapshots: Snapshot[] = [];

  // F where a check reads it or only the scheme can evaluate it, else (if asked) left for later
  const checked = !scheme.stochastic && descends;
  const inLoop = !options.energyOnlyForChecks || checked || scheme.energy !== undefined;
  const record = async (s: SchemeState): Promise<number> => {
    const t0 = performance.now();
    const energy = scheme.energy
      ? scheme.energy(s, problem)
      : inLoop
        ? energyAt(options, s.measure, s.step)
        : NaN;
    const values = Object.fromEntries(
      Object.entries(metrics).map(([n, f]) => [n, f(s.measure, s.t)]),
    );
    diagnosticsMs += performance.now() - t0;
    history.step.push(s.step);
    history.t.push(s.t);
    history.energy.push(energy);
    for (const [n, v] of Object.entries(values)) history.metrics[n].push(v);
    const snap: Snapshot = { step: s.step, t: s.t, measure: s.measure, energy, metrics: values };
    if (options.keepSnapshots !== false) snapshots.push(snap);
    await options.onSnapshot?.(snap);
    const elapsedMs = priorMs + performance.now() - started;
    await options.onCheckpoint?.({ version: 1, state: s, history, elapsedMs, retries });
    return energy;
  };

  const finish = (status: RunStatus, advice?: string): RunResult => {
    const total = priorMs + performance.now() - started;
    return {
      status,
      advice,
      steps: state.step,
      retries,
      history,
      snapshots,
      final: state,
      timings: { total_ms: total, steps_ms: total - diagnosticsMs, diagnostics_ms: diagnosticsMs },
    };
  };

  if (!options.resume) {
    const fault = measureFault(state.measure);
    if (fault) throw new ConfigError(`initial measure is not usable: ${fault}`);
  }
  const saves = Math.floor(plan.steps / plan.stride) + 1 + (plan.steps % plan.stride ? 1 : 0);
  await options.onStart?.(state, { steps: plan.steps, saves });
  if (!options.resume) await record(state);
  options.onState?.(state);
  let lastYield = performance.now();
  let lastEnergy = history.energy[history.energy.length - 1];

  while (state.step < plan.steps) {
    if (options.signal?.aborted) return finish("cancelled", "cancelled; continue it with --resume");
    const elapsed = priorMs + performance.now() - started;
    if (options.maxWallMs !== undefined && elapsed > options.maxWallMs)
      return finish(
        "stalled",
        `reached t = ${state.t.toPrecision(4)} of ${until} within the ${Math.round(options.maxWallMs / 1000)} s budget; ` +
          `raise the budget, use fewer particles, or continue with --resume`,
      );
    const k = state.step;
    const h = plan.timeAt(k + 1) - plan.timeAt(k);
    let next: SchemeState | undefined;
    // A step that throws a NumericalError is retried, as often as the scheme allows (each
    // attempt knows its number); then the run ends with its reason and the last good state.
    for (let attempt = 0; !next; attempt++) {
      try {
        next = scheme.step(state, { problem, parts, dt: h, key: foldIn(stepKey, k), attempt });
        if (attempt > 0) retries++;
      } catch (e) {
        if (!(e instanceof NumericalError)) throw e;
        if (attempt >= (scheme.retries ?? 0) || !e.retryable) {
          if (attempt > 0) retries++; // the failed step was retried too
          return finish(
            "unstable",
            `step ${k + 1}: ${e.message}${attempt > 0 ? ` (after ${attempt} retr${attempt > 1 ? "ies" : "y"})` : ""}`,
          );
        }
      }
    }
    const fault = measureFault(next.measure);
    if (fault)
      return finish(
        "diverged",
        `diverged at step ${k + 1} (t = ${next.t.toPrecision(4)}): ${fault}; ${scheme.divergenceAdvice(dt)}`,
      );
    state = { ...next, t: plan.timeAt(next.step) };
    options.onState?.(state);
    options.onStep?.({
      step: state.step,
      steps: plan.steps,
      t: state.t,
      until,
      elapsedMs: elapsed,
    });
    if (next.halt) {
      await record(state);
      return finish("unstable", `step ${state.step} (t = ${state.t.toPrecision(4)}): ${next.halt}`);
    }
    if (plan.isSave(state.step)) {
      const energy = await record(state);
      const tol = options.energyIncreaseTol ?? 1e-6;
      if (!scheme.stochastic && descends && energy > lastEnergy + tol * (1 + Math.abs(lastEnergy)))
        return finish(
          "unstable",
          `F rose from ${lastEnergy.toPrecision(6)} to ${energy.toPrecision(6)} by t = ${state.t.toPrecision(4)}, ` +
            `which a gradient flow never does; ${scheme.divergenceAdvice(dt)}`,
        );
      if (inLoop && !Number.isFinite(energy))
        return finish(
          "diverged",
          `F became ${energy} at t = ${state.t.toPrecision(4)}; ${scheme.divergenceAdvice(dt)}`,
        );
      lastEnergy = energy;
    }
    if (performance.now() - lastYield > (options.yieldEveryMs ?? YIELD_EVERY_MS)) {
      await (options.yieldControl ?? nextTick)();
      lastYield = performance.now();
    }
  }
  return finish("ok");
}

export type { Checkpoint };
