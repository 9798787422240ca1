/** What a panel declares: its controls, the flows they start, and how to draw what comes back. */
import type { Particles } from "../../../src/measures/types.js";
import type { Control, Values } from "../controls.js";
import { thin } from "../draw.js";
import type {
  DensityMessage,
  DensityTable,
  FrameMessage,
  JobSpec,
  SnapshotMessage,
} from "../protocol.js";

export interface JobView {
  /** Live states, at most one per display frame, since the last snapshot (and the newest). */
  frames: FrameMessage[];
  /** Saved snapshots with diagnostics. */
  snapshots: SnapshotMessage[];
  /** The density of each saved iterate, where the job asked for it (JobSpec.density). */
  densities: DensityMessage[];
  until?: number;
  scheme?: string;
  problem?: Record<string, unknown>;
  reference?: Particles;
  referenceDensity?: DensityTable;
  status?: string;
  advice?: string;
  error?: string;
}

export interface PanelState {
  /** The run being shown: figures cached under one run are stale under the next. */
  run: number;
  values: Values;
  jobs: ReadonlyMap<string, JobView>;
  distance?: { t: number[]; w2: number[]; method: string };
}

export interface Panel {
  id: string;
  title: string;
  /** One or two sentences: what to look at. */
  lead: string;
  /** The flow's key equation, in TeX (typeset by KaTeX under the title). */
  equation: string;
  /** The guide page that explains it, relative to the guide's root (served at /guide/). */
  guide: string;
  controls: Control[];
  jobs(values: Values): JobSpec[];
  draw(state: PanelState): Element[];
  /** The time the time control stands for, when its value is not a time (a number of steps). */
  timeOf?(values: Values): number;
  /** Extra buttons (the playground's export). */
  actions?: { label: string; job: string }[];
}

export const last = <T>(xs: readonly T[]): T | undefined => xs[xs.length - 1];

/**
 * The paths of `count` particles spread over the population — the snapshots, then the live
 * state — with each point's time t and arclength fraction s.
 */
export function trails(
  v: JobView | undefined,
  count: number,
  coords = (p: Particles, i: number) => ({ x: p.x[i * p.d], y: p.x[i * p.d + 1] }),
) {
  const live = latestState(v);
  // At most 40 points a path: a coloured path is drawn as one segment per point.
  const frames = thin(
    [
      ...(v?.snapshots ?? []).filter((s) => !live || (s !== live && s.t <= live.t)),
      ...(live ? [live] : []),
    ],
    40,
  );
  const first = frames[0]?.measure;
  if (!first || first.kind !== "particles") return [];
  const stride = Math.max(1, Math.floor(first.n / count));
  const paths: { x: number; y: number; t: number; s: number }[][] = [];
  for (let i = 0; i < first.n; i += stride) {
    const path = frames.map((f) => ({ ...coords(f.measure as Particles, i), t: f.t, s: 0 }));
    // s: the arclength travelled so far, as a fraction of the whole path's.
    for (let k = 1; k < path.length; k++)
      path[k].s = path[k - 1].s + Math.hypot(path[k].x - path[k - 1].x, path[k].y - path[k - 1].y);
    const total = path.at(-1)?.s || 1;
    for (const q of path) q.s /= total;
    paths.push(path);
  }
  return paths;
}

/** The first state of a job: where its particles started. */
export const startOf = (v: JobView | undefined): Particles | undefined => {
  const m = v?.snapshots[0]?.measure ?? v?.frames[0]?.measure;
  return m && m.kind === "particles" ? m : undefined;
};

/**
 * The newest state of a job: its last live frame, or its last snapshot where that is newer (the
 * page keeps only the frames after the last snapshot, and a time scrubbed back has none).
 */
export function latestState(v: JobView | undefined): FrameMessage | SnapshotMessage | undefined {
  const [frame, snapshot] = [last(v?.frames ?? []), last(v?.snapshots ?? [])];
  return frame && (!snapshot || frame.t >= snapshot.t) ? frame : snapshot;
}

export const particlesOf = (v: JobView | undefined): Particles | undefined => {
  const m = latestState(v)?.measure;
  return m && m.kind === "particles" ? m : undefined;
};

/** What a figure drawn from a job's snapshots depends on: their count and the last step. */
export const snapshotsKey = (v: JobView | undefined): string =>
  v ? `${v.snapshots.length}:${v.snapshots.at(-1)?.step ?? -1}` : "-";

/** A figure's cache key from the run, the values and the snapshots of the named jobs. */
export const figureKey = (what: string, state: PanelState, ...names: string[]): string =>
  `${what}|${state.run}|${JSON.stringify(state.values)}|${names.map((n) => snapshotsKey(state.jobs.get(n))).join(",")}`;

/** A metric (or the energy) of a job over time. */
export function series(v: JobView | undefined, name?: string) {
  const frames = v?.snapshots ?? [];
  return {
    t: frames.map((f) => f.t),
    y: frames.map((f) => (name ? f.metrics[name] : f.energy)),
  };
}
