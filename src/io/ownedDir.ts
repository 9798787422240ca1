/**
 * What ottoflow may delete: only a directory it wrote itself. A run directory carries a marker
 * file, and holds nothing but the files a run writes; `--force` replaces such a directory and
 * refuses everything else — and never, whatever it holds, `.`, `..`, an ancestor of the
 * working directory, the home directory or a file-system root.
 */
import { existsSync, lstatSync, readFileSync, readdirSync, realpathSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join, parse, relative, resolve, isAbsolute } from "node:path";
import { IoError } from "../core/errors.js";
import { VERSION } from "../version.js";
import { io, writeJson } from "./files.js";

/** The marker file in every directory ottoflow writes. */
export const MARKER = ".ottoflow-run";

/** What a run directory may hold: top-level names, and patterns for its two folders. */
const TOP = new Set([
  MARKER,
  "run.json",
  "summary.json",
  "metrics.csv",
  "report.html",
  "checkpoint.bin",
  "lock",
  "snapshots",
  "plots",
]);
const TMP = /\.tmp-\d+$/;
const INSIDE: Record<string, RegExp> = {
  snapshots: /^(\d+(\.weights)?\.npy|index\.json)$/,
  plots: /^[\w.-]+\.(svg|png)$/,
};

export function writeMarker(dir: string): void {
  writeJson(join(dir, MARKER), {
    ottoflow: VERSION,
    written: "a run directory, replaceable by --force",
  });
}

/** Why `dir` is one ottoflow must never remove whatever it holds, or undefined. */
function protectedReason(dir: string): string | undefined {
  const abs = io(dir, "resolve", () => realpathSync(dir));
  const cwd = realpathSync(process.cwd());
  if (parse(abs).root === abs) return "it is a file-system root";
  if (abs === safeReal(homedir())) return "it is your home directory";
  const rel = relative(abs, cwd);
  if (rel === "") return "it is the working directory";
  if (!rel.startsWith("..") && !isAbsolute(rel)) return "it contains the working directory";
  return undefined;
}

function safeReal(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** The first entry of `dir` that a run does not write, or undefined when it holds only those. */
function foreignEntry(dir: string): string | undefined {
  for (const name of readdirSync(dir)) {
    if (TMP.test(name)) continue;
    if (!TOP.has(name)) return name;
    const path = join(dir, name);
    const stat = lstatSync(path);
    const pattern = INSIDE[name];
    if (pattern) {
      if (!stat.isDirectory()) return name;
      for (const inner of readdirSync(path))
        if (!(pattern.test(inner) || TMP.test(inner)) || !lstatSync(join(path, inner)).isFile())
          return join(name, inner);
    } else if (!stat.isFile()) return name;
  }
  return undefined;
}

/** Refuses, with the reason, unless `dir` is a directory ottoflow wrote and nothing else. */
export function assertOwned(dir: string, flag = "--force"): void {
  const why = protectedReason(dir);
  if (why)
    throw new IoError(
      dir,
      `${flag} will not remove ${dir}: ${why}`,
      "pass --out with a new directory",
    );
  if (!lstatSync(dir).isDirectory())
    throw new IoError(
      dir,
      `${flag} will not replace ${dir}: it is not a directory`,
      "move it away, or pass another --out",
    );
  let marked = false;
  try {
    marked = JSON.parse(readFileSync(join(dir, MARKER), "utf8")).ottoflow !== undefined;
  } catch {
    marked = false;
  }
  if (!marked)
    throw new IoError(
      dir,
      `${flag} will not remove ${dir}: ottoflow did not write it (no ${MARKER} marker)`,
      "move it away yourself if it is no longer needed, or pass another --out",
    );
  const foreign = foreignEntry(dir);
  if (foreign !== undefined)
    throw new IoError(
      dir,
      `${flag} will not remove ${dir}: it holds ${join(dir, foreign)}, which no run writes`,
      "move that file out first, or pass another --out",
    );
}

/** Removes a directory ottoflow wrote, after assertOwned; a missing one is fine. */
export function removeOwned(dir: string, flag = "--force"): void {
  if (!existsSync(dir)) return;
  assertOwned(dir, flag);
  io(dir, "remove", () => rmSync(dir, { recursive: true }));
}
