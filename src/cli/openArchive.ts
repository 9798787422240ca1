/**
 * `ottoflow show run.zip`: unpacks a run exported by the web explorer next to the archive and
 * writes the same report `ottoflow run` would have written. It unpacks into a fresh temporary
 * folder of its own and renames it into place, so it never touches anything it did not create
 * (a `DIR.partial` of an interrupted run beside the archive stays as it is).
 */
import { existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { ConfigError } from "../core/errors.js";
import { io, readBytes, writeAtomic } from "../io/files.js";
import { writeMarker } from "../io/ownedDir.js";
import { unzipRun } from "../io/runArchive.js";
import { checkSummary } from "../config/summary.js";
import { writeReport } from "../plot/report.js";
import { resolveRun } from "../config/resolve.js";
import { prepareRun } from "../config/run.js";
import { requestFromRecord } from "../config/runConfig.js";

function parsed<T>(bytes: Uint8Array, where: string): T {
  try {
    return JSON.parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, "")) as T;
  } catch (e) {
    throw new ConfigError(
      `${where} is not valid JSON (${(e as Error).message})`,
      "export the run again",
    );
  }
}

/** Unpacks `zipPath` into the folder beside it (named as inside the archive); returns that folder. */
export function openRunArchive(zipPath: string, limits: { maxBytes?: number } = {}): string {
  if (!existsSync(zipPath)) throw new ConfigError(`${zipPath} does not exist`, "check the path");
  const { name, files } = unzipRun(readBytes(zipPath), limits);
  const dir = join(dirname(zipPath), name);
  if (existsSync(dir)) {
    if (existsSync(join(dir, "summary.json"))) return dir;
    throw new ConfigError(`${dir} exists and is not a run`, "move it away, then try again");
  }
  const record = parsed<Record<string, unknown>>(files["run.json"], `${zipPath}: run.json`);
  const summary = checkSummary(
    parsed(files["summary.json"], `${zipPath}: summary.json`),
    `${zipPath}: summary.json`,
  );
  // The report draws what the preset knows (reference densities, ranges): rebuild its problem.
  const origin = `${zipPath}: run.json`;
  const { experiment } = prepareRun(resolveRun(requestFromRecord(record, origin), origin));
  const work = io(dir, "unpack beside", () =>
    mkdtempSync(join(dirname(zipPath), `.${name}.unzip-`)),
  );
  try {
    for (const [rel, bytes] of Object.entries(files)) writeAtomic(join(work, rel), bytes);
    writeMarker(work);
    writeReport(work, summary, record, experiment.view);
    io(dir, "move the unpacked run to", () => renameSync(work, dir));
  } catch (e) {
    rmSync(work, { recursive: true, force: true }); // ours: made above
    throw e;
  }
  return dir;
}
