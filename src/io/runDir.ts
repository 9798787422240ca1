/**
 * The run directory, the contract of the CLI. A run writes into `DIR.partial/`
 * and is renamed to `DIR` only when complete, so nothing half-written ever looks
 * finished; `checkpoint.bin` inside the partial directory makes it resumable.
 *
 * Nothing here removes a directory ottoflow did not write (ownedDir.ts), two live runs never
 * share a directory (runLock.ts), and every file read back — checkpoint, index, snapshots —
 * is checked, so that a truncated or edited one is named instead of resumed from.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, IoError } from "../core/errors.js";
import type { Checkpoint, Snapshot } from "../flow/types.js";
import type { Measure } from "../measures/types.js";
import { particles, quantile1d, grid } from "../measures/construct.js";
import { decodeCheckpoint, encodeCheckpoint } from "./checkpointFile.js";
import { readNpyFile } from "./npyFile.js";
import { type SnapshotEntry, snapshotFile } from "./snapshotFiles.js";
import {
  io,
  makeDirs,
  readBytes,
  readJson,
  removeTempLeftovers,
  writeAtomic,
  writeJson,
} from "./files.js";
import { assertOwned, removeOwned, writeMarker } from "./ownedDir.js";
import { acquireLock, assertUnlocked, releaseLock } from "./runLock.js";

export const partialPath = (dir: string): string => `${dir}.partial`;
export const CHECKPOINT = "checkpoint.bin";
const INDEX = join("snapshots", "index.json");

export type { SnapshotEntry };

export interface OpenedRun {
  /** Where files are written until the run completes. */
  work: string;
  checkpoint?: Checkpoint;
}

function checkOut(dir: string): void {
  if (dir.trim() === "")
    throw new ConfigError(
      "--out is empty",
      "pass --out with a directory name, e.g. --out runs/mine",
    );
  if (/[\\/]\.{0,2}$/.test(dir) || dir === "." || dir === "..")
    throw new ConfigError(
      `--out ${dir} names a directory by . or .., or ends in a slash`,
      "name the run directory itself, e.g. --out runs/mine",
    );
}

/** Creates (or, with resume, reopens) the partial directory; refuses to clobber anything by surprise. */
export function openRunDir(dir: string, options: { force?: boolean; resume?: boolean }): OpenedRun {
  checkOut(dir);
  const work = partialPath(dir);
  if (options.resume) {
    if (!existsSync(join(work, CHECKPOINT))) {
      if (existsSync(join(dir, "summary.json")))
        throw new ConfigError(
          `${dir} is already complete; there is nothing to resume`,
          "use --force to run it again",
        );
      throw new ConfigError(
        existsSync(work)
          ? `${work} holds no ${CHECKPOINT}, so it cannot be resumed`
          : `no interrupted run at ${work} to resume`,
        "drop --resume to start a new run (with --force to replace the partial one)",
      );
    }
    acquireLock(work);
    try {
      const checkpoint = readCheckpoint(work);
      // A process killed mid-write leaves its temporary files; the lock says it is gone.
      removeTempLeftovers(work);
      removeTempLeftovers(join(work, "snapshots"));
      // Snapshots written after the last checkpoint are recomputed, so forget them.
      const index = readIndex(work).filter((e) => e.step <= checkpoint.state.step);
      for (const e of index) readSnapshot(work, e); // a damaged one is named now, not at the end
      writeJson(join(work, INDEX), index);
      return { work, checkpoint };
    } catch (e) {
      releaseLock(work);
      throw e;
    }
  }
  if (existsSync(dir)) {
    if (!options.force)
      throw new ConfigError(
        `output directory ${dir} already exists`,
        "pass --force to replace it (only a run directory is ever replaced), or --out to write elsewhere",
      );
    assertOwned(dir); // refused now, before the work, rather than at the end
  }
  if (existsSync(work)) {
    assertUnlocked(work);
    if (!options.force)
      throw new ConfigError(
        `an interrupted run is at ${work}`,
        "pass --resume to continue it, or --force to start over",
      );
    removeOwned(work);
  }
  makeDirs(join(dir, ".."));
  io(work, "create the directory", () => mkdirSync(work));
  writeMarker(work);
  acquireLock(work);
  io(work, "create the directory", () => mkdirSync(join(work, "snapshots")));
  writeJson(join(work, INDEX), []);
  return { work };
}

/** Lets go of a partial directory (interrupted or failed): it stays, resumable, unlocked. */
export function closeRunDir(work: string): void {
  releaseLock(work);
}

const KINDS = new Set(["particles", "quantile1d", "grid", "gaussian"]);

function checkEntry(e: unknown): e is SnapshotEntry {
  const x = e as Partial<SnapshotEntry>;
  const file = (f: unknown): boolean => typeof f === "string" && /^\d+(\.weights)?\.npy$/.test(f);
  return (
    !!x &&
    typeof x === "object" &&
    Number.isSafeInteger(x.step) &&
    typeof x.t === "number" &&
    KINDS.has(x.kind as string) &&
    file(x.file) &&
    (x.weights === undefined || file(x.weights)) &&
    Array.isArray(x.shape) &&
    x.shape.every((s) => Number.isSafeInteger(s) && s >= 0)
  );
}

export function readIndex(dir: string): SnapshotEntry[] {
  const path = join(dir, INDEX);
  if (!existsSync(path)) return [];
  const index = readJson<unknown>(path);
  if (!Array.isArray(index) || !index.every(checkEntry))
    throw new IoError(
      path,
      `${path} is not a snapshot index (edited or damaged)`,
      "restore it from the run, or run again",
    );
  return index;
}

/** Writes one snapshot as float64 .npy and appends it to snapshots/index.json. */
export function writeSnapshot(work: string, snap: Snapshot): void {
  const { entry, files } = snapshotFile(snap);
  for (const f of files) writeAtomic(join(work, "snapshots", f.name), f.bytes);
  const index = readIndex(work).filter((e) => e.step !== snap.step);
  index.push(entry);
  writeJson(join(work, INDEX), index);
}

function readArray(path: string, shape?: readonly number[]): Float64Array {
  const arr = readNpyFile(path, "the snapshot is damaged: run again with --force");
  if (shape && arr.shape.join() !== shape.join())
    throw new IoError(
      path,
      `${path} has shape [${arr.shape}] where the index says [${shape}]`,
      "the snapshot is damaged: run again with --force",
    );
  return arr.data;
}

export function readSnapshot(dir: string, e: SnapshotEntry): Measure {
  const data = readArray(join(dir, "snapshots", e.file), e.shape);
  const { shape } = e;
  switch (e.kind) {
    case "particles":
      return particles(
        data,
        shape[1],
        e.weights ? readArray(join(dir, "snapshots", e.weights), [shape[0]]) : undefined,
      );
    case "quantile1d":
      return quantile1d(data);
    case "grid":
      return grid({ lower: e.lower ?? [], upper: e.upper ?? [], shape, density: data });
    default:
      throw new ConfigError(`snapshot kind ${e.kind} cannot be read back`);
  }
}

export function writeCheckpoint(work: string, c: Checkpoint): void {
  writeAtomic(join(work, CHECKPOINT), encodeCheckpoint(c));
}

/** Whether a decoded value is a measure whose arrays have the lengths its sizes say. */
function wellFormedMeasure(m: unknown): boolean {
  const v = m as Record<string, unknown> | null;
  if (!v || typeof v !== "object") return false;
  const floats = (x: unknown, length: number) => x instanceof Float64Array && x.length === length;
  const size = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= 1;
  switch (v.kind) {
    case "particles":
      return (
        size(v.n) &&
        size(v.d) &&
        floats(v.x, (v.n as number) * (v.d as number)) &&
        (v.weights === undefined || floats(v.weights, v.n as number))
      );
    case "gaussian": {
      const cov = v.cov as { data?: unknown } | undefined;
      return size(v.d) && floats(v.mean, v.d as number) && floats(cov?.data, (v.d as number) ** 2);
    }
    case "grid": {
      const shape = v.shape as number[];
      return (
        Array.isArray(shape) &&
        shape.length >= 1 &&
        shape.every(size) &&
        floats(
          v.density,
          shape.reduce((a, b) => a * b, 1),
        )
      );
    }
    case "quantile1d":
      return v.values instanceof Float64Array && v.values.length >= 1;
    default:
      return false;
  }
}

/** The checkpoint of a partial directory, checked to be one. */
export function readCheckpoint(work: string): Checkpoint {
  const path = join(work, CHECKPOINT);
  const c = decodeCheckpoint(readBytes(path), path) as Partial<Checkpoint> | null;
  const s = c?.state;
  const h = c?.history;
  const arrays = (x: unknown): boolean => Array.isArray(x);
  if (
    !c ||
    c.version !== 1 ||
    !s ||
    !Number.isSafeInteger(s.step) ||
    s.step < 0 ||
    !Number.isFinite(s.t) ||
    !wellFormedMeasure(s.measure) ||
    !h ||
    ![h.step, h.t, h.energy].every(arrays) ||
    typeof h.metrics !== "object" ||
    !Number.isFinite(c.elapsedMs)
  )
    throw new IoError(
      path,
      `${path} is not a checkpoint of this version`,
      "start over with --force",
    );
  return c as Checkpoint;
}

/** Moves the finished run into place (replacing an old run directory only when forced). */
export function completeRunDir(dir: string, options: { force?: boolean }): void {
  const work = partialPath(dir);
  rmSync(join(work, CHECKPOINT), { force: true });
  if (existsSync(dir)) {
    if (!options.force)
      throw new ConfigError(`output directory ${dir} appeared during the run`, "pass --force");
    removeOwned(dir);
  }
  releaseLock(work);
  io(dir, "move the finished run to", () => renameSync(work, dir));
}
