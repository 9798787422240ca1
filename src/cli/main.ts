/** The ottoflow command line: parse, call flow() through executeRun, report. Returns the exit code. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, OttoflowError } from "../core/errors.js";
import { describeParams, describeRange } from "../config/params.js";
import { resolveRunConfig } from "../config/runConfig.js";
import { findPreset, presets } from "../presets/index.js";
import { VERSION } from "../version.js";
import { executeRun, exitCodeFor } from "./execute.js";
import { showRun } from "./show.js";
import { openRunArchive } from "./openArchive.js";
import { defaultGuideDir, defaultSiteDir, serveSite } from "./serve.js";
import { DISTANCE_USAGE, runDistance } from "./distance.js";

const USAGE = `ottoflow ${VERSION} — Wasserstein gradient flows

usage:
  ottoflow presets [NAME]            list presets, or every parameter of one
  ottoflow run <preset|config.json> [--set key=value …] [--out DIR] [--seed N]
               [--force] [--resume] [--quiet]
  ottoflow show DIR|RUN.zip          summarise a run directory (a zip from the web explorer
                                     is unpacked beside it, with its report)
  ottoflow serve [--port N]          serve the web explorer (npm run build:web first)
  ottoflow distance --metric NAME A.npy B.npy [options]   (ottoflow distance --help)

exit codes: 0 ok, 2 bad input, 3 the run diverged/unstable/stalled, 130 interrupted
`;

function listPresets(name?: string): string {
  if (!name) {
    const width = Math.max(...presets.map((p) => p.name.length));
    return presets.map((p) => `${p.name.padEnd(width)}  ${p.summary}`).join("\n") + "\n";
  }
  const p = findPreset(name);
  if (!p)
    throw new ConfigError(
      `unknown preset "${name}"; presets: ${presets.map((q) => q.name).join(", ")}`,
    );
  const rows = describeParams(p.params).map(
    (q) =>
      `  ${q.name} = ${q.default === undefined ? "(unset)" : JSON.stringify(q.default)}  — ${q.description}; ${describeRange(q)}`,
  );
  return `${p.name}: ${p.summary}\nparameters (--set key=value):\n${rows.join("\n")}\n`;
}

async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      set: { type: "string", multiple: true, default: [] },
      out: { type: "string" },
      seed: { type: "string" },
      force: { type: "boolean", default: false },
      resume: { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 1)
    throw new ConfigError(
      "run takes one preset name or config file",
      "e.g. ottoflow run double-well",
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
  const config = resolveRunConfig(positionals[0], values.set ?? [], seed);
  const out = values.out ?? `runs/${config.preset.name}`;
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const { summary, dir } = await executeRun(config, {
      out,
      force: values.force,
      resume: values.resume,
      quiet: values.quiet,
      tty: process.stderr.isTTY === true,
      signal: controller.signal,
    });
    if (summary.status === "cancelled")
      process.stderr.write(
        `interrupted; partial results in ${dir}\n  continue with: ottoflow run ${positionals[0]} --out ${out} --resume\n`,
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

async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: "string", default: "4173" }, dir: { type: "string" } },
  });
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
      case "presets":
        process.stdout.write(listPresets(rest[0]));
        return 0;
      case "run":
        return await run(rest);
      case "show":
        if (rest.length !== 1)
          throw new ConfigError(
            "show takes one run directory",
            "e.g. ottoflow show runs/double-well",
          );
        process.stdout.write(showRun(rest[0].endsWith(".zip") ? openRunArchive(rest[0]) : rest[0]));
        return 0;
      case "serve":
        return await serve(rest);
      case "distance":
        if (rest.includes("--help") || rest.length === 0) {
          process.stdout.write(DISTANCE_USAGE);
          return rest.length === 0 ? 2 : 0;
        }
        process.stdout.write(runDistance(rest));
        return 0;
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
        throw new ConfigError(
          `unknown command "${command}"`,
          "commands: presets, run, show, serve, distance (see ottoflow --help)",
        );
    }
  } catch (e) {
    const err = e as Error & { code?: string };
    if (e instanceof OttoflowError || err.code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`ottoflow: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`ottoflow: unexpected error: ${err.stack ?? err.message}\n`);
    return 1;
  }
}
