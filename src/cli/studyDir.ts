/**
 * The study directory, the contract of `ottoflow sweep`:
 *
 *     DIR/study.json             the study as expanded (CLI overrides applied): re-expands to the same manifest
 *     DIR/manifest.jsonl         one entry a line: index, id, dir, point, replicate, config
 *     DIR/runs/NNNN/             each entry's run directory (the run contract), NNNN.partial while it runs
 *     DIR/runs/NNNN.failed.json  why an entry failed (removed when a later attempt completes)
 *     DIR/runs/NNNN.lock         held while an entry runs
 *     DIR/collect/, report.html  written by `ottoflow collect`
 *
 * Every path in the manifest is relative to its folder, so a study directory can be copied to a
 * cluster and back.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { ConfigError } from "../core/errors.js";
import { type ManifestEntry, type Study, expandStudy, parseStudy } from "../config/study.js";
import { readJson, writeAtomic, writeJson } from "../io/files.js";
import { partialPath } from "../io/runDir.js";
import { VERSION } from "../version.js";

export const STUDY_FILE = "study.json";
export const MANIFEST_FILE = "manifest.jsonl";

export interface StudyFile {
  ottoflow: string;
  entries: number;
  study: Study;
}

/** Writes study.json and manifest.jsonl, or finds the same study already there. */
export function writeStudyDir(
  dir: string,
  study: Study,
): { entries: ManifestEntry[]; existed: boolean } {
  const entries = expandStudy(study);
  const studyPath = join(dir, STUDY_FILE);
  let existed = false;
  if (existsSync(studyPath)) {
    const previous = readStudyFile(studyPath).study;
    if (JSON.stringify(previous) !== JSON.stringify(study))
      throw new ConfigError(
        `${dir} holds a different study ("${previous.name}", ${JSON.stringify(previous.grid)} × ${previous.seeds} seeds)`,
        `continue it with \`ottoflow sweep ${studyPath}\`, or write this one elsewhere with --out`,
      );
    existed = true;
  } else if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new ConfigError(
      `${dir} exists and is not a study directory`,
      "choose an empty or new directory with --out",
    );
  const file: StudyFile = { ottoflow: VERSION, entries: entries.length, study };
  if (!existed) writeJson(studyPath, file);
  writeAtomic(join(dir, MANIFEST_FILE), entries.map((e) => JSON.stringify(e)).join("\n") + "\n");
  return { entries, existed };
}

export function readStudyFile(path: string): StudyFile {
  if (!existsSync(path))
    throw new ConfigError(
      `${path} does not exist`,
      "run `ottoflow sweep STUDY.json --out DIR` first",
    );
  let raw: { ottoflow?: unknown; study?: unknown };
  try {
    raw = readJson(path);
  } catch (e) {
    throw new ConfigError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  return {
    ottoflow: String(raw.ottoflow),
    study: parseStudy(raw.study, path),
    entries: Number((raw as { entries?: unknown }).entries),
  };
}

const entrySchema = z
  .object({
    index: z.number().int().min(0),
    id: z.string().regex(/^[0-9]+$/),
    dir: z.string().regex(/^runs\/[0-9]+$/),
    point: z.record(z.string(), z.unknown()),
    replicate: z.number().int().min(0),
    config: z.record(z.string(), z.unknown()),
  })
  .strict();

/** The entries of a manifest, validated line by line. */
export function readManifest(path: string): ManifestEntry[] {
  if (!existsSync(path))
    throw new ConfigError(
      `manifest ${path} does not exist`,
      "ottoflow sweep STUDY.json --emit slurm (or any sweep) writes DIR/manifest.jsonl",
    );
  const lines = readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  return lines.map((line, i) => {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      throw new ConfigError(`${path} line ${i + 1} is not JSON: ${(e as Error).message}`);
    }
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success || parsed.data.index !== i)
      throw new ConfigError(
        `${path} line ${i + 1} is not a manifest entry${parsed.success ? ` (index ${parsed.data.index}, expected ${i})` : `: ${parsed.error.issues[0].message}`}`,
        "rewrite the manifest with `ottoflow sweep DIR/study.json`",
      );
    return parsed.data as unknown as ManifestEntry;
  });
}

/** Where entry e's files are, for a manifest at `manifest`. */
export function entryPaths(manifest: string, e: ManifestEntry) {
  const dir = resolve(dirname(manifest), e.dir);
  return {
    dir,
    partial: partialPath(dir),
    failed: `${dir}.failed.json`,
    lock: `${dir}.lock`,
  };
}

export type EntryState = "complete" | "failed" | "interrupted" | "pending";

export function entryState(manifest: string, e: ManifestEntry): EntryState {
  const p = entryPaths(manifest, e);
  if (existsSync(join(p.dir, "summary.json"))) return "complete";
  if (existsSync(p.failed)) return "failed";
  if (existsSync(p.partial)) return "interrupted";
  return "pending";
}

/** What a failed entry left: the error and its fix. */
export interface FailureRecord {
  index: number;
  id: string;
  point: Record<string, unknown>;
  replicate: number;
  error: string;
  fix: string | null;
  exit: number | null;
}
