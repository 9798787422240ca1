/**
 * The worker runs ottoflow itself: the same presets, parameter validation, PRNG keys and
 * flow() as the CLI. It streams the live state (at most one per display frame) and every saved
 * snapshot with its diagnostics to the page, cancels a run when the next request arrives, continues a run whose
 * time was extended, and packs a finished run as the zip of a run directory.
 */
import { resolveParams } from "../../src/config/params.js";
import { OttoflowError } from "../../src/core/errors.js";
import { flow } from "../../src/flow/flow.js";
import type { Checkpoint, History, Snapshot } from "../../src/flow/types.js";
import { runFiles, zipRun } from "../../src/io/runArchive.js";
import { summarise } from "../../src/io/summary.js";
import { toQuantile1d } from "../../src/measures/convert.js";
import type { Measure } from "../../src/measures/types.js";
import type { SchemeState } from "../../src/schemes/types.js";
import { cloudOf } from "../../src/ot/cloud.js";
import { slicedW2Squared } from "../../src/ot/sliced.js";
import { buildExperiment, experimentFlow, runRecord } from "../../src/presets/experiment.js";
import { findPreset } from "../../src/presets/index.js";
import { key } from "../../src/random/key.js";
import type { FromWorker, JobSpec, ToWorker } from "./protocol.js";

const FRAME_MS = 1000 / 60;

interface Finished {
  spec: JobSpec;
  record: Record<string, unknown>;
  history: History;
  snapshots: Snapshot[];
  checkpoint?: Checkpoint;
  status?: string;
  advice?: string;
  timings?: { total_ms: number; steps_ms: number; diagnostics_ms: number };
  scheme: string;
}

/** The last run of each job name, for continuing, exporting and comparing. */
const jobs = new Map<string, Finished>();
let controller: AbortController | undefined;

const post = (m: FromWorker, transfer: Transferable[] = []): void =>
  (self as unknown as Worker).postMessage(m, transfer);

/** The spec without its time parameter: equal keys mean the same flow, only longer. */
const identity = (s: JobSpec): string => {
  const params = { ...s.params };
  if (s.timeParam) delete params[s.timeParam];
  return JSON.stringify([s.preset, params, s.seed]);
};

const timeOf = (s: JobSpec): number => Number(s.timeParam ? s.params[s.timeParam] : NaN);

async function runJob(runId: number, spec: JobSpec, signal: AbortSignal): Promise<void> {
  const preset = findPreset(spec.preset);
  if (!preset) throw new OttoflowError(`unknown preset "${spec.preset}"`);
  const params = resolveParams(preset, spec.params, "web explorer");
  const exp = buildExperiment({ preset, params, seed: spec.seed });
  const previous = jobs.get(spec.name);
  const resume =
    spec.timeParam &&
    previous?.checkpoint &&
    identity(previous.spec) === identity(spec) &&
    timeOf(spec) >= timeOf(previous.spec)
      ? previous
      : undefined;
  const record = runRecord({ preset, params, seed: spec.seed }, exp);
  const kept: Finished = {
    spec,
    record,
    history: resume ? resume.history : { step: [], t: [], energy: [], metrics: {} },
    snapshots: resume ? [...resume.snapshots] : [],
    checkpoint: resume?.checkpoint,
    scheme: exp.scheme.name,
  };
  jobs.set(spec.name, kept);
  post({
    type: "start",
    runId,
    job: spec.name,
    resumed: !!resume,
    until: exp.until,
    scheme: exp.scheme.name,
    problem: exp.problem,
    reference: exp.reference,
  });
  let lastPost = -Infinity;
  let pending: SchemeState | undefined;
  const sendFrame = (st: SchemeState): void => {
    lastPost = performance.now();
    pending = undefined;
    post({ type: "frame", runId, job: spec.name, step: st.step, t: st.t, measure: st.measure });
  };
  const result = await flow({
    ...experimentFlow(exp, spec.seed),
    signal,
    resume: resume?.checkpoint,
    // Short slices keep the worker responsive to the next request.
    yieldEveryMs: 8,
    onState: (st) => {
      if (performance.now() - lastPost >= FRAME_MS) sendFrame(st);
      else pending = st;
    },
    onSnapshot: (s) => {
      kept.snapshots.push(s);
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
    onCheckpoint: (c) => {
      kept.checkpoint = c;
    },
  });
  if (pending && result.status !== "cancelled") sendFrame(pending);
  kept.history = result.history;
  kept.status = result.status;
  kept.advice = result.advice;
  kept.timings = result.timings;
  post({
    type: "done",
    runId,
    job: spec.name,
    status: result.status,
    advice: result.advice,
    ms: result.timings.total_ms,
  });
}

function exportZip(runId: number, job: string, name: string): void {
  const f = jobs.get(job);
  if (!f || !f.status) throw new OttoflowError(`no finished run "${job}" to export`);
  const summary = summarise(
    {
      status: f.status as never,
      advice: f.advice,
      steps: f.history.step[f.history.step.length - 1] ?? 0,
      history: f.history,
      snapshots: f.snapshots,
      final: f.checkpoint!.state,
      timings: f.timings!,
    },
    { preset: f.spec.preset, scheme: f.scheme, seed: f.spec.seed },
  );
  const bytes = zipRun(
    name,
    runFiles({ record: f.record, summary, history: f.history, snapshots: f.snapshots }),
  );
  post({ type: "zip", runId, name, bytes }, [bytes.buffer]);
}

/** W2 between two measures: exact through quantiles in 1D, sliced (200 directions) in 2D. */
function w2Between(a: Measure, b: Measure): { value: number; method: string } {
  const d = a.kind === "quantile1d" ? 1 : a.d;
  if (d === 1) {
    const qa = toQuantile1d(a, 1000).values;
    const qb = toQuantile1d(b, 1000).values;
    let s = 0;
    for (let i = 0; i < qa.length; i++) s += (qa[i] - qb[i]) ** 2;
    return { value: Math.sqrt(s / qa.length), method: "exact W2 (quantiles)" };
  }
  const value = Math.sqrt(slicedW2Squared(cloudOf(a), cloudOf(b), key(0), 200));
  return { value, method: "sliced W2, 200 directions" };
}

function compare(runId: number, a: string, b: string): void {
  const ja = jobs.get(a);
  const jb = jobs.get(b);
  if (!ja || !jb) return;
  const byTime = new Map(jb.snapshots.map((s) => [s.t.toPrecision(9), s]));
  const t: number[] = [];
  const w2: number[] = [];
  let method = "";
  for (const s of ja.snapshots) {
    const other = byTime.get(s.t.toPrecision(9));
    if (!other) continue;
    const r = w2Between(s.measure, other.measure);
    t.push(s.t);
    w2.push(r.value);
    method = r.method;
  }
  post({ type: "distance", runId, t, w2, method });
}

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  try {
    if (msg.type === "cancel") controller?.abort();
    else if (msg.type === "export") exportZip(msg.runId, msg.job, msg.name);
    else if (msg.type === "distance") compare(msg.runId, msg.a, msg.b);
    else if (msg.type === "run") {
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      await Promise.all(
        msg.jobs.map((spec) =>
          runJob(msg.runId, spec, mine.signal).catch((e: Error) => {
            const fix = e instanceof OttoflowError ? e.fix : undefined;
            post({
              type: "error",
              runId: msg.runId,
              job: spec.name,
              message: fix ? e.message.split("\n  fix:")[0] : e.message,
              advice: fix,
            });
          }),
        ),
      );
    }
  } catch (e) {
    post({ type: "error", runId: -1, job: "", message: (e as Error).message });
  }
};
