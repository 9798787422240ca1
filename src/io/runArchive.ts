/**
 * A run directory as a set of files in memory, and as a zip: what the web explorer exports
 * and `ottoflow show run.zip` unpacks. Browser-safe (no file system here).
 */
import { strToU8, unzipSync, zipSync } from "fflate";
import { ConfigError, LimitError, OttoflowError } from "../core/errors.js";
import type { History, Snapshot } from "../flow/types.js";
import { historyToCsv } from "./csv.js";
import { snapshotFile } from "./snapshotFiles.js";
import type { Summary } from "../config/summary.js";

export type RunFiles = Record<string, Uint8Array>;

const json = (v: unknown): Uint8Array => strToU8(JSON.stringify(v, null, 2) + "\n");

/** The files `ottoflow run` writes before its report: run.json, summary.json, metrics.csv, snapshots/. */
export function runFiles(o: {
  record: Record<string, unknown>;
  summary: Summary;
  history: History;
  snapshots: readonly Snapshot[];
}): RunFiles {
  const files: RunFiles = {
    "run.json": json(o.record),
    "summary.json": json(o.summary),
    "metrics.csv": strToU8(historyToCsv(o.history)),
  };
  const index = o.snapshots.map((s) => {
    const { entry, files: written } = snapshotFile(s);
    for (const f of written) files[`snapshots/${f.name}`] = f.bytes;
    return entry;
  });
  files["snapshots/index.json"] = json(index);
  return files;
}

/** A run folder's name: a plain file name, never `.`, `..`, hidden, empty or with a separator. */
const plainName = (name: string): boolean => /^[\w.-]+$/.test(name) && !name.startsWith(".");

/** The files under one top-level folder `name/`, zipped (deflate). */
export function zipRun(name: string, files: RunFiles): Uint8Array {
  if (!plainName(name))
    throw new ConfigError(`run name "${name}" must be letters, digits, '-', '_' or '.'`);
  return zipSync({ [name]: files });
}

/** What an archive may unpack to, by default: far above any run the explorer exports. */
export const MAX_UNPACKED_BYTES = 1 << 30;
export const MAX_ENTRIES = 100_000;

/**
 * The folder name and files of a zipped run; refuses paths that would escape the folder, and
 * archives that would unpack beyond `maxBytes` in all or `maxEntries` files (sizes read from
 * the headers before anything is inflated; an entry is never inflated past its declared size).
 */
export function unzipRun(
  bytes: Uint8Array,
  limits: { maxBytes?: number; maxEntries?: number } = {},
): { name: string; files: RunFiles } {
  const maxBytes = limits.maxBytes ?? MAX_UNPACKED_BYTES;
  const maxEntries = limits.maxEntries ?? MAX_ENTRIES;
  let entries: RunFiles;
  let total = 0;
  let count = 0;
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        total += f.originalSize;
        if (++count > maxEntries)
          throw new LimitError(
            `the archive holds more than ${maxEntries} files`,
            "it is not a run exported by ottoflow",
          );
        if (total > maxBytes)
          throw new LimitError(
            `the archive would unpack to more than ${(maxBytes / 2 ** 20).toFixed(0)} MiB (${f.name} reaches ${(total / 2 ** 20).toFixed(1)} MiB)`,
            "if you trust it, raise the cap with --max-unpacked MIB",
          );
        return true;
      },
    });
  } catch (e) {
    if (e instanceof OttoflowError) throw e;
    throw new ConfigError(`not a zip archive: ${(e as Error).message}`);
  }
  const names = Object.keys(entries).filter((p) => !p.endsWith("/"));
  const tops = new Set(names.map((p) => p.split("/")[0]));
  if (tops.size !== 1 || names.some((p) => !p.includes("/")))
    throw new ConfigError(
      "the archive must hold one run folder (as the web explorer exports it)",
      "zip the run directory itself, e.g. zip -r run.zip run/",
    );
  const [name] = tops;
  // The folder is unpacked beside the archive under this name: `..` or `` would be its parent.
  if (!plainName(name))
    throw new ConfigError(
      `the archive's folder "${name}" is not a plain name (letters, digits, '-', '_' or '.')`,
      "zip the run directory itself, e.g. zip -r run.zip run/",
    );
  const files: RunFiles = {};
  for (const p of names) {
    const rel = p.slice(name.length + 1);
    // Backslashes and NUL: a separator elsewhere, and no file name anywhere.
    if (
      rel.split("/").some((part) => part === ".." || part === "." || part === "") ||
      /[\\\0]/.test(rel)
    )
      throw new ConfigError(`the archive holds an unsafe path "${p}"`);
    files[rel] = entries[p];
  }
  if (!files["summary.json"] || !files["run.json"])
    throw new ConfigError(
      `the archive's folder ${name}/ is not a run (no summary.json or run.json)`,
    );
  return { name, files };
}
