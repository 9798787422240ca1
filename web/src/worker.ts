/**
 * The worker runs ottoflow itself, through the same run path as the CLI (config/run.ts): the
 * same presets, schemes, parameter validation, keys and flow(). It streams the live state (at
 * most one per display frame) and every saved snapshot with its diagnostics to the page, cancels
 * a run when the next request arrives, continues a run whose horizon was extended, and packs a
 * finished run as the zip of the run directory the CLI would have written. For a scheme that
 * evaluates its own density (the neural JKO), it tabulates ρ_k at every save (densities.ts).
 */
import { OttoflowError } from "../../src/core/errors.js";
import { resolveRun } from "../../src/config/resolve.js";
import {
  type FinishedRun,
  type PreparedRun,
  flowOptions,
  prepareRun,
  runPrepared,
  summaryOf,
} from "../../src/config/run.js";
import type { Checkpoint, History, Snapshot } from "../../src/flow/types.js";
import { energyAt } from "../../src/flow/flow.js";
import { runFiles, zipRun } from "../../src/io/runArchive.js";
import { toQuantile1d } from "../../src/measures/convert.js";
import type { Measure } from "../../src/measures/types.js";
import type { SchemeState } from "../../src/schemes/types.js";
import { cloudOf } from "../../src/ot/cloud.js";
import { slicedW2Squared } from "../../src/ot/sliced.js";
import { type Key, foldIn, key } from "../../src/random/key.js";
import { type DensityPlan, densityPlan, gaussianTable, learnedTable } from "./densities.js";
import type { DensityTable, FromWorker, JobSpec, ToWorker } from "./protocol.js";

/**
 * Lets queued messages in, as a zero-delay timer would, by a message-channel hop: after five
 * nested timers the HTML spec clamps each to 4 ms, which would leave this worker idle a third
 * of the time between its 8-ms slices.
 */
const hops: (() => void)[] = [];
const channel = new MessageChannel();
channel.port1.onmessage = () => hops.shift()?.();
const hop = (): Promise<void> =>
  new Promise((resolve) => {
    hops.push(resolve);
    channel.port2.postMessage(null);
  });

/**
 * The live state is posted at most once per half display frame: a state is only seen when a
 * step ends, so posting once per whole frame would wait for the first step past it and leave
 * about one display frame in six without a new picture when a step takes a few milliseconds.
 */
const POST_EVERY_MS = 1000 / 120;
/** The stream of the run's key that the comparison's random projections use. */
const COMPARE_STREAM = 3;

interface Job {
  spec: JobSpec;
  prepared: PreparedRun;
  snapshots: Snapshot[];
  checkpoint?: Checkpoint;
  finished?: FinishedRun;
}

/** The last run of each job name, for continuing, exporting and comparing. */
const jobs = new Map<string, Job>();
let controller: AbortController | undefined;

const post = (m: FromWorker, transfer: Transferable[] = []): void =>
  (self as unknown as Worker).postMessage(m, transfer);

/** The request without its horizon: equal identities mean the same flow, only longer. */
const identity = (prepared: PreparedRun, metrics?: readonly string[]): string => {
  const { time, ...rest } = prepared.record;
  return JSON.stringify([rest, time.dt, time.save_every, metrics ?? null]);
};

/**
 * The run with only the metrics the page draws evaluated in the loop (all when it names none):
 * a metric nobody looks at, such as the heat flow's W2 to the exact solution, would otherwise
 * cost more than the steps themselves and hold back every frame. The others are evaluated on
 * the saved snapshots when the run is exported.
 */
function drawnMetricsOnly(prepared: PreparedRun, names?: readonly string[]): PreparedRun {
  if (!names) return prepared;
  const { experiment } = prepared;
  const metrics = Object.fromEntries(
    Object.entries(experiment.metrics).filter(([name]) => names.includes(name)),
  );
  return { ...prepared, experiment: { ...experiment, metrics } };
}

async function runJob(runId: number, spec: JobSpec, signal: AbortSignal): Promise<void> {
  const prepared = prepareRun(
    resolveRun(
      { preset: spec.preset, scheme: spec.scheme, values: spec.values, seed: spec.seed },
      "web explorer",
    ),
  );
  const previous = jobs.get(spec.name);
  const resume =
    spec.extend &&
    previous?.checkpoint &&
    identity(previous.prepared, previous.spec.metrics) === identity(prepared, spec.metrics) &&
    prepared.config.time.until >= previous.prepared.config.time.until
      ? previous
      : undefined;
  const job: Job = {
    spec,
    prepared,
    snapshots: resume ? [...resume.snapshots] : [],
    checkpoint: resume?.checkpoint,
  };
  jobs.set(spec.name, job);
  const exp = prepared.experiment;
  const plan = spec.density && densityPlan(prepared, spec.density.cells);
  post({
    type: "start",
    runId,
    job: spec.name,
    resumed: !!resume,
    fromStep: resume?.checkpoint?.state.step ?? 0,
    until: prepared.config.time.until,
    scheme: prepared.config.scheme.name,
    problem: exp.problem,
    reference: exp.reference,
    referenceDensity: exp.view.targetPdf2d
      ? tabulate(exp.view.targetPdf2d, exp.reference)
      : plan?.target,
  });
  let lastPost = -Infinity;
  let pending: SchemeState | undefined;
  const sendFrame = (st: SchemeState): void => {
    lastPost = performance.now();
    pending = undefined;
    post({ type: "frame", runId, job: spec.name, step: st.step, t: st.t, measure: st.measure });
  };
  const finished = await runPrepared(drawnMetricsOnly(prepared, spec.metrics), {
    signal,
    // No panel draws F: it is evaluated where a check needs it, the rest at export.
    energyOnlyForChecks: true,
    resume: resume?.checkpoint,
    // Short slices keep the worker responsive to the next request.
    yieldEveryMs: 8,
    yieldControl: hop,
    onState: (st) => {
      if (performance.now() - lastPost >= POST_EVERY_MS) sendFrame(st);
      else pending = st;
    },
    onSnapshot: (s) => {
      job.snapshots = [...job.snapshots.filter((q) => q.step !== s.step), s];
      post({
        type: "snapshot",
        runId,
        job: spec.name,
        step: s.step,
        t: s.t,
        energy: s.energy,
        metrics: s.metrics,
        measure: s.measure,
      });
    },
    onCheckpoint: async (c) => {
      job.checkpoint = c;
      if (plan) await postDensity(runId, spec.name, plan, c.state, signal);
    },
  });
  const { result } = finished;
  if (pending && result.status !== "cancelled") sendFrame(pending);
  job.finished = finished;
  post({
    type: "done",
    runId,
    job: spec.name,
    status: result.status,
    advice: result.advice,
    ms: result.timings.total_ms,
  });
}

/**
 * ρ_k of a saved state on the plan's grid (a few rows at a time, so that a new request gets
 * in), with the exact law at t beside it where the preset knows it; nothing when cancelled.
 */
async function postDensity(
  runId: number,
  job: string,
  plan: DensityPlan,
  state: SchemeState,
  signal: AbortSignal,
): Promise<void> {
  const t0 = performance.now();
  let learned: DensityTable | undefined;
  let error: string | undefined;
  try {
    learned = await learnedTable(
      plan.scheme,
      state,
      plan.initial,
      plan.box,
      plan.cells,
      hop,
      signal,
    );
    if (!learned) return;
  } catch (e) {
    error = e instanceof OttoflowError ? e.reason : (e as Error).message;
  }
  const ms = performance.now() - t0;
  const exact = plan.exact && gaussianTable(plan.exact(state.t), plan.box, 90);
  post(
    {
      type: "density",
      runId,
      job,
      step: state.step,
      t: state.t,
      learned,
      exact,
      error,
      ms,
    },
    [learned?.values.buffer, exact?.values.buffer].filter((b): b is ArrayBuffer => !!b),
  );
}

/** A 2D density on 90 × 90 cells over the reference sample's box (or [−6, 6]²), padded by a quarter. */
function tabulate(pdf: (x: number, y: number) => number, around?: Measure): DensityTable {
  let box: [number, number, number, number] = [-6, 6, -6, 6];
  if (around?.kind === "particles" && around.d === 2) {
    box = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < around.n; i++) {
      const [x, y] = [around.x[2 * i], around.x[2 * i + 1]];
      box = [Math.min(box[0], x), Math.max(box[1], x), Math.min(box[2], y), Math.max(box[3], y)];
    }
    const [px, py] = [(box[1] - box[0]) / 4, (box[3] - box[2]) / 4];
    box = [box[0] - px, box[1] + px, box[2] - py, box[3] + py];
  }
  const n = 90;
  const values = new Float64Array(n * n);
  const [hx, hy] = [(box[1] - box[0]) / n, (box[3] - box[2]) / n];
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++)
      values[j * n + i] = pdf(box[0] + (i + 0.5) * hx, box[2] + (j + 0.5) * hy);
  return { x: [box[0], box[1]], y: [box[2], box[3]], nx: n, ny: n, values };
}

/**
 * The run as `ottoflow run` records it: F where the loop left it out (energyOnlyForChecks) and
 * the metrics left out of the loop, evaluated now on the saved snapshots (the same functions of
 * the same states, F with the loop's key), the metrics in the preset's order, and the summary
 * made again from the whole history. In slices, so that a new request gets in.
 */
async function recorded(j: Job, finished: FinishedRun) {
  const options = flowOptions(j.prepared);
  const all = options.metrics ?? {};
  const { history, timings } = finished.result;
  const missing = Object.keys(all).filter((name) => !(name in history.metrics));
  const energyLeft = history.energy.some(Number.isNaN);
  if (missing.length === 0 && !energyLeft) return { ...finished, snapshots: j.snapshots };
  const t0 = performance.now();
  let slice = t0;
  const byStep = new Map(j.snapshots.map((s) => [s.step, s]));
  const late: Record<string, number[]> = Object.fromEntries(missing.map((n) => [n, []]));
  const energy = [...history.energy];
  for (let i = 0; i < history.step.length; i++) {
    if (performance.now() - slice > 8) {
      await hop();
      slice = performance.now();
    }
    const snap = byStep.get(history.step[i]);
    for (const name of missing) late[name].push(snap ? all[name](snap.measure, history.t[i]) : NaN);
    if (snap && Number.isNaN(energy[i])) energy[i] = energyAt(options, snap.measure, snap.step);
  }
  const ms = performance.now() - t0;
  const full: History = {
    ...history,
    energy,
    metrics: Object.fromEntries(
      Object.keys(all).map((name) => [name, history.metrics[name] ?? late[name]]),
    ),
  };
  const at = new Map(history.step.map((step, i) => [step, i]));
  const snapshots = j.snapshots.map((s) => {
    const i = at.get(s.step);
    return i === undefined
      ? s
      : {
          ...s,
          energy: full.energy[i],
          metrics: Object.fromEntries(Object.keys(all).map((n) => [n, full.metrics[n][i]])),
        };
  });
  const result = {
    ...finished.result,
    history: full,
    timings: {
      ...timings,
      total_ms: timings.total_ms + ms,
      diagnostics_ms: timings.diagnostics_ms + ms,
    },
  };
  return { ...finished, result, summary: summaryOf(j.prepared, result), snapshots };
}

/** The zip of the run directory `ottoflow run` writes for the same configuration (before its report). */
async function exportZip(runId: number, job: string, name: string): Promise<void> {
  const j = jobs.get(job);
  if (!j?.finished)
    throw new OttoflowError(
      `the run "${job}" has not finished yet`,
      "wait until it ends (or pause it), then export",
    );
  const { record, summary, result, snapshots } = await recorded(j, j.finished);
  const bytes = zipRun(name, runFiles({ record, summary, history: result.history, snapshots }));
  post({ type: "zip", runId, name, bytes }, [bytes.buffer]);
}

/** W2 between two measures: exact through quantiles in 1D, sliced (200 directions) in 2D. */
function w2Between(a: Measure, b: Measure, projections: () => Key) {
  const d = a.kind === "quantile1d" ? 1 : a.d;
  if (d === 1) {
    const qa = toQuantile1d(a, 1000).values;
    const qb = toQuantile1d(b, 1000).values;
    let s = 0;
    for (let i = 0; i < qa.length; i++) s += (qa[i] - qb[i]) ** 2;
    return { value: Math.sqrt(s / qa.length), method: "exact W2 (quantiles)" };
  }
  const value = Math.sqrt(slicedW2Squared(cloudOf(a), cloudOf(b), projections(), 200));
  return { value, method: "sliced W2, 200 directions" };
}

/** The run the page last asked for: a comparison of an older one stops. */
let latestRun = -1;

/**
 * W2 between the two runs at every saved time, in slices of a few milliseconds so that a new
 * request gets in between (and cancels it: the page has moved on).
 */
async function compare(runId: number, a: string, b: string): Promise<void> {
  const ja = jobs.get(a);
  const jb = jobs.get(b);
  if (!ja || !jb) return;
  const byTime = new Map(jb.snapshots.map((s) => [s.t.toPrecision(9), s]));
  // The projections come from the first run's key, one draw per compared time.
  const base = foldIn(key(ja.prepared.config.seed), COMPARE_STREAM);
  const t: number[] = [];
  const w2: number[] = [];
  let method = "";
  let slice = performance.now();
  for (const s of ja.snapshots) {
    const other = byTime.get(s.t.toPrecision(9));
    if (!other) continue;
    if (performance.now() - slice > 8) {
      await hop();
      if (latestRun !== runId) return;
      slice = performance.now();
    }
    const r = w2Between(s.measure, other.measure, () => foldIn(base, s.step));
    t.push(s.t);
    w2.push(r.value);
    method = r.method;
  }
  post({ type: "distance", runId, t, w2, method });
}

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  const report = (runId: number, job: string, e: unknown): void => {
    const err = e as Error;
    post({
      type: "error",
      runId,
      job,
      message: e instanceof OttoflowError ? e.reason : err.message,
      advice: e instanceof OttoflowError ? e.fix : undefined,
    });
  };
  try {
    if (msg.type === "cancel") controller?.abort();
    else if (msg.type === "export") await exportZip(msg.runId, msg.job, msg.name);
    else if (msg.type === "distance") await compare(msg.runId, msg.a, msg.b);
    else if (msg.type === "run") {
      latestRun = msg.runId;
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      await Promise.all(
        msg.jobs.map((spec) =>
          runJob(msg.runId, spec, mine.signal).catch((e: unknown) =>
            report(msg.runId, spec.name, e),
          ),
        ),
      );
    }
  } catch (e) {
    report("runId" in msg ? msg.runId : -1, "job" in msg ? String(msg.job) : "", e);
  }
};
