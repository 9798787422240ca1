/**
 * The run directory, the contract of the CLI. A run writes into `DIR.partial/`
 * and is renamed to `DIR` only when complete, so nothing half-written ever looks
 * finished; `checkpoint.json` inside the partial directory makes it resumable.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../core/errors.js";
import type { Checkpoint, Snapshot } from "../flow/types.js";
import type { Measure } from "../measures/types.js";
import { particles, quantile1d, grid } from "../measures/construct.js";
import { decodeNpy } from "./npy.js";
import { type SnapshotEntry, snapshotFile } from "./snapshotFiles.js";
import { readJson, writeAtomic, writeJson } from "./files.js";
import { fromTypedJson, toTypedJson } from "./typedJson.js";

export const partialPath = (dir: string): string => `${dir}.partial`;
const CHECKPOINT = "checkpoint.json";
const INDEX = join("snapshots", "index.json");

export type { SnapshotEntry };

export interface OpenedRun {
  /** Where files are written until the run completes. */
  work: string;
  checkpoint?: Checkpoint;
}

/** Creates (or, with resume, reopens) the partial directory; refuses to clobber anything by surprise. */
export function openRunDir(dir: string, options: { force?: boolean; resume?: boolean }): OpenedRun {
  const work = partialPath(dir);
  if (options.resume) {
    if (!existsSync(join(work, CHECKPOINT))) {
      if (existsSync(dir))
        throw new ConfigError(
          `${dir} is already complete; there is nothing to resume`,
          "use --force to run it again",
        );
      throw new ConfigError(
        `no interrupted run at ${work} to resume`,
        "drop --resume to start a new run",
      );
    }
    const checkpoint = fromTypedJson<Checkpoint>(readFileSync(join(work, CHECKPOINT), "utf8"));
    // Snapshots written after the last checkpoint are recomputed, so forget them.
    const index = readIndex(work).filter((e) => e.step <= checkpoint.state.step);
    writeJson(join(work, INDEX), index);
    return { work, checkpoint };
  }
  if (existsSync(dir) && !options.force)
    throw new ConfigError(
      `output directory ${dir} already exists`,
      "pass --force to replace it, or --out to write elsewhere",
    );
  if (existsSync(work)) {
    if (!options.force)
      throw new ConfigError(
        `an interrupted run is at ${work}`,
        "pass --resume to continue it, or --force to start over",
      );
    rmSync(work, { recursive: true, force: true });
  }
  mkdirSync(join(work, "snapshots"), { recursive: true });
  writeJson(join(work, INDEX), []);
  return { work };
}

export function readIndex(dir: string): SnapshotEntry[] {
  const path = join(dir, INDEX);
  return existsSync(path) ? readJson<SnapshotEntry[]>(path) : [];
}

/** Writes one snapshot as float64 .npy and appends it to snapshots/index.json. */
export function writeSnapshot(work: string, snap: Snapshot): void {
  const { entry, files } = snapshotFile(snap);
  for (const f of files) writeAtomic(join(work, "snapshots", f.name), f.bytes);
  const index = readIndex(work).filter((e) => e.step !== snap.step);
  index.push(entry);
  writeJson(join(work, INDEX), index);
}

export function readSnapshot(dir: string, e: SnapshotEntry): Measure {
  const { data, shape } = decodeNpy(readFileSync(join(dir, "snapshots", e.file)));
  switch (e.kind) {
    case "particles":
      return particles(
        data,
        shape[1],
        e.weights ? decodeNpy(readFileSync(join(dir, "snapshots", e.weights))).data : undefined,
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
  writeAtomic(join(work, CHECKPOINT), toTypedJson(c));
}

/** Moves the finished run into place (replacing an old one only when forced). */
export function completeRunDir(dir: string, options: { force?: boolean }): void {
  const work = partialPath(dir);
  rmSync(join(work, CHECKPOINT), { force: true });
  if (existsSync(dir)) {
    if (!options.force)
      throw new ConfigError(`output directory ${dir} appeared during the run`, "pass --force");
    rmSync(dir, { recursive: true, force: true });
  }
  renameSync(work, dir);
}
