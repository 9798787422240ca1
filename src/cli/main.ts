/** The ottoflow command line: parse, call flow() through executeRun, report. Returns the exit code. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, OttoflowError } from "../core/errors.js";
import { resolveRunConfig } from "../config/runConfig.js";
import { ioError } from "../io/files.js";
import { VERSION } from "../version.js";
import { type ParsedCli, RUN_OPTIONS, parseCli } from "./args.js";
import { expandArraySets } from "./arraySets.js";
import { executeRun, exitCodeFor } from "./execute.js";
import { presetHelp, schemeHelp, unknownCommand } from "./help.js";
import { showRun } from "./show.js";
import { openRunArchive } from "./openArchive.js";
import { MAX_UNPACKED_BYTES } from "../io/runArchive.js";
import { defaultGuideDir, defaultSiteDir, serveSite } from "./serve.js";
import { DISTANCE_USAGE, runDistance } from "./distance.js";
import { runManifestEntry } from "./manifestRun.js";
import { collectCommand, sweepCommand } from "./sweep.js";
// networks on several threads (scheme.workers > 1): Node's worker threads
import "../nn/splitNet.js";

const RUN_USAGE = `ottoflow run <preset|config.json|DIR/run.json> [--scheme NAME] [--set key=value …]
             [--out DIR] [--seed N] [--force] [--resume] [--quiet]
ottoflow run --manifest DIR/manifest.jsonl --index I [--quiet]
  --scheme NAME        any registered scheme that supports the problem (ottoflow schemes)
  --set key=value      a problem parameter, dt / until / save_every, or scheme.KEY=VALUE
                       (ottoflow presets NAME [--scheme S] lists them with defaults and ranges)
  --out DIR            where the run directory goes (default runs/<preset>)
  --resume             continue an interrupted run in DIR (DIR.partial)
  --manifest M --index I   entry I (from 0) of a study's manifest, into its run directory:
                       skipped when complete, resumed when interrupted (what job arrays call)
`;

const USAGE = `ottoflow ${VERSION} — Wasserstein gradient flows

usage:
  ottoflow presets [NAME] [--scheme S]  list presets, or every parameter of one
  ottoflow schemes [NAME]            list schemes, or the parameters and support of one
  ottoflow run <preset|config.json> [--scheme NAME] [--set key=value …] [--out DIR] [--seed N]
               [--force] [--resume] [--quiet]          (ottoflow run --help)
  ottoflow run --manifest DIR/manifest.jsonl --index I   one entry of a study
  ottoflow sweep STUDY.json|preset [--grid key=v1,v2 …] [--seeds N] [--jobs N] [--out DIR]
               [--emit slurm|parallel]  a study: many runs, here or on a scheduler (--help)
  ottoflow collect DIR               a study's table, figures and report
  ottoflow show DIR|RUN.zip          summarise a run directory (a zip from the web explorer
                                     is unpacked beside it, with its report)
  ottoflow serve [--port N]          serve the web explorer and the guide (npm run build:web first)
  ottoflow distance --metric NAME A.npy B.npy [options]   (ottoflow distance --help)

exit codes: 0 ok, 2 bad input, 3 the run diverged/unstable/stalled (a study: some run failed or
ended so), 130 interrupted
`;

async function run(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(RUN_USAGE);
    return 0;
  }
  const { values, positionals } = parseCli(args, {
    ...RUN_OPTIONS,
    manifest: { type: "string" },
    index: { type: "string" },
  });
  if (values.manifest !== undefined || values.index !== undefined)
    return await manifestEntry(values, positionals);
  if (positionals.length !== 1)
    throw new ConfigError(
      "run takes one preset name or config file",
      "e.g. ottoflow run double-well (ottoflow run --help)",
    );
  if (values.force && values.resume)
    throw new ConfigError("--force and --resume contradict each other", "pick one");
  let seed: number | undefined;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new ConfigError(
        `--seed must be a non-negative integer, got "${values.seed}"`,
        "e.g. --seed 1",
      );
  }
  const config = resolveRunConfig(
    positionals[0],
    expandArraySets((values.set as string[] | undefined) ?? []),
    seed,
    values.scheme as string | undefined,
  );
  const out = (values.out as string | undefined) ?? `runs/${config.preset.name}`;
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const { summary, dir } = await executeRun(config, {
      out,
      force: values.force as boolean,
      resume: values.resume as boolean,
      quiet: values.quiet as boolean,
      tty: process.stderr.isTTY === true,
      signal: controller.signal,
    });
    if (summary.status === "cancelled")
      // run.json holds every setting of the run, so this line resumes it whatever was typed.
      process.stderr.write(
        `interrupted; partial results in ${dir}\n  continue with: ottoflow run ${join(dir, "run.json")} --out ${out} --resume\n`,
      );
    else if (summary.status !== "ok")
      process.stderr.write(`run ended ${summary.status}: ${summary.advice}\n`);
    if (!values.quiet || summary.status !== "ok") process.stdout.write(showRun(dir));
    return exitCodeFor(summary.status);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

const SHOW_USAGE = `ottoflow show DIR|RUN.zip [--max-unpacked MIB]
  DIR                  a run directory written by ottoflow run
  RUN.zip              a run exported by the web explorer: unpacked beside it, with its report
  --max-unpacked MIB   the most an archive may unpack to (default ${MAX_UNPACKED_BYTES / 2 ** 20})
`;

function show(args: string[]): number {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(SHOW_USAGE);
    return 0;
  }
  const { values, positionals } = parseCli(args, { "max-unpacked": { type: "string" } });
  if (positionals.length !== 1)
    throw new ConfigError(
      "show takes one run directory or archive",
      "e.g. ottoflow show runs/double-well",
    );
  const cap = values["max-unpacked"] as string | undefined;
  const mib = cap === undefined ? MAX_UNPACKED_BYTES / 2 ** 20 : Number(cap);
  if (!(mib > 0) || !Number.isFinite(mib))
    throw new ConfigError(
      `--max-unpacked must be a positive number of MiB, got "${cap}"`,
      "e.g. --max-unpacked 4096",
    );
  const [target] = positionals;
  process.stdout.write(
    showRun(target.endsWith(".zip") ? openRunArchive(target, { maxBytes: mib * 2 ** 20 }) : target),
  );
  return 0;
}

async function manifestEntry(values: ParsedCli["values"], positionals: string[]): Promise<number> {
  const index = Number(values.index);
  if (values.manifest === undefined || values.index === undefined)
    throw new ConfigError(
      "--manifest and --index go together",
      "e.g. ottoflow run --manifest runs/study/manifest.jsonl --index 0",
    );
  if (!Number.isSafeInteger(index) || index < 0)
    throw new ConfigError(
      `--index must be a non-negative integer, got "${values.index}"`,
      "e.g. --index 0",
    );
  const extra = ["set", "scheme", "out", "seed", "force", "resume"].filter((k) =>
    Array.isArray(values[k]) ? (values[k] as unknown[]).length > 0 : !!values[k],
  );
  if (positionals.length || extra.length)
    throw new ConfigError(
      `--manifest runs the entry as the manifest gives it; ${[...positionals, ...extra.map((k) => `--${k}`)].join(", ")} cannot change it`,
      "change the study and sweep it again",
    );
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const r = await runManifestEntry(values.manifest as string, index, {
      quiet: values.quiet as boolean,
      tty: process.stderr.isTTY === true,
      signal: controller.signal,
    });
    if (r.outcome === "busy")
      process.stderr.write(
        `entry ${index} is running in another process (${r.dir}.lock); if none is (a node went down), remove that file\n`,
      );
    else if (r.outcome === "skipped" && !values.quiet)
      process.stderr.write(`entry ${index} is already complete in ${r.dir}\n`);
    else if (r.executed?.summary.status === "cancelled")
      process.stderr.write(`interrupted; the same command resumes it (${r.dir})\n`);
    else if (r.executed && r.executed.summary.status !== "ok")
      process.stderr.write(
        `run ended ${r.executed.summary.status}: ${r.executed.summary.advice}\n`,
      );
    if (r.outcome === "ran" && !values.quiet) process.stdout.write(showRun(r.dir));
    return r.code;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

async function serve(args: string[]): Promise<number> {
  const { values: raw, positionals } = parseCli(args, {
    port: { type: "string", default: "4173" },
    dir: { type: "string" },
  });
  const values = raw as { port: string; dir?: string };
  if (positionals.length)
    throw new ConfigError(
      `serve takes no arguments, got "${positionals[0]}"`,
      "e.g. ottoflow serve --port 8080",
    );
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`--port must be an integer in [0, 65535], got "${values.port}"`);
  const guide = defaultGuideDir();
  const { server, url } = await serveSite(values.dir ?? defaultSiteDir(), {
    port,
    guide: existsSync(join(guide, "index.html")) ? guide : undefined,
  });
  process.stdout.write(`ottoflow web explorer at ${url}  (Ctrl-C stops it)\n`);
  process.stdout.write(
    existsSync(join(guide, "index.html"))
      ? `the guide at ${url}guide/\n`
      : "the guide is not built: `npm run docs` builds it (served at /guide/)\n",
  );
  await new Promise<void>((done) => {
    const stop = (): void => {
      server.close(() => done());
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "presets": {
        const { values, positionals } = parseCli(rest, { scheme: { type: "string" } });
        if (positionals.length > 1)
          throw new ConfigError(
            "presets takes at most one preset name",
            "e.g. ottoflow presets ou",
          );
        process.stdout.write(presetHelp(positionals[0], values.scheme as string | undefined));
        return 0;
      }
      case "schemes":
        if (rest.length > 1)
          throw new ConfigError(
            "schemes takes at most one scheme name",
            "e.g. ottoflow schemes svgd",
          );
        process.stdout.write(schemeHelp(rest[0]));
        return 0;
      case "run":
        return await run(rest);
      case "sweep":
        return await sweepCommand(rest);
      case "collect":
        return collectCommand(rest);
      case "show":
        return show(rest);
      case "serve":
        return await serve(rest);
      case "distance":
        if (rest.includes("--help") || rest.length === 0) {
          process.stdout.write(DISTANCE_USAGE);
          return rest.length === 0 ? 2 : 0;
        }
        {
          const out = runDistance(rest, { tty: process.stderr.isTTY === true });
          process.stdout.write(out.text);
          if (out.warning) process.stderr.write(`ottoflow: ${out.warning}\n`);
          return out.code;
        }
      case "--version":
      case "-v":
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        return unknownCommand(command);
    }
  } catch (e) {
    return reportFailure(e);
  }
}

/** The one error boundary: a named error and its fix (exit 2), or a bug said to be one (exit 1). */
export function reportFailure(e: unknown): number {
  const err = e as Error & { code?: string; path?: string };
  const named = ioError(e, err?.path ?? "a file", "use");
  if (named instanceof OttoflowError || err?.code?.startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`ottoflow: ${(named as Error).message}\n`);
    return 2;
  }
  if (
    err instanceof RangeError &&
    /allocation failed|Invalid (typed )?array length|Invalid string length/.test(err.message)
  ) {
    process.stderr.write(
      `ottoflow: out of memory (${err.message})\n  fix: use fewer particles, a smaller dimension or fewer snapshots\n`,
    );
    return 2;
  }
  process.stderr.write(
    `ottoflow: internal error: ${err?.message ?? String(e)}\n  this is a bug in ottoflow: please report it with the command you ran` +
      (process.env.OTTOFLOW_DEBUG
        ? `\n${err?.stack ?? ""}\n`
        : " (OTTOFLOW_DEBUG=1 prints the details)\n"),
  );
  return 1;
}
