/**
 * `ottoflow show run.zip`: unpacks a run exported by the web explorer next to the archive
 * (atomically, via DIR.partial) and writes the same report `ottoflow run` would have written.
 */
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../core/errors.js";
import { writeAtomic } from "../io/files.js";
import { unzipRun } from "../io/runArchive.js";
import type { Summary } from "../config/summary.js";
import { writeReport } from "../plot/report.js";
import { resolveRun } from "../config/resolve.js";
import { prepareRun } from "../config/run.js";
import { requestFromRecord } from "../config/runConfig.js";

/** Unpacks `zipPath` into the folder beside it (named as inside the archive); returns that folder. */
export function openRunArchive(zipPath: string): string {
  if (!existsSync(zipPath)) throw new ConfigError(`${zipPath} does not exist`);
  const { name, files } = unzipRun(readFileSync(zipPath));
  const dir = join(zipPath, "..", name);
  if (existsSync(dir)) {
    if (existsSync(join(dir, "summary.json"))) return dir;
    throw new ConfigError(`${dir} exists and is not a run`, "move it away, then try again");
  }
  const work = `${dir}.partial`;
  rmSync(work, { recursive: true, force: true });
  for (const [rel, bytes] of Object.entries(files)) writeAtomic(join(work, rel), bytes);
  const record = JSON.parse(new TextDecoder().decode(files["run.json"])) as Record<string, unknown>;
  const summary = JSON.parse(new TextDecoder().decode(files["summary.json"])) as Summary;
  // The report draws what the preset knows (reference densities, ranges): rebuild its problem.
  const origin = `${zipPath}: run.json`;
  const { experiment } = prepareRun(resolveRun(requestFromRecord(record, origin), origin));
  writeReport(work, summary, record, experiment.view);
  renameSync(work, dir);
  return dir;
}
