/**
 * The boundary between a user and a run on the command line: a preset name or a config file
 * (a run's own run.json is one), `--scheme`, `--set key=value` overrides and a seed become one
 * validated RunConfig (resolve.ts does the validating; this file reads files).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { z } from "zod";
import { ConfigError } from "../core/errors.js";
import { findPreset } from "../presets/index.js";
import { type RunConfig, type RunRequest, checkKeys, resolveRun } from "./resolve.js";

export type { RunConfig };

const objectOf = z.record(z.string(), z.unknown());

/** A config file: a preset, optionally a scheme, parameters, time and a seed; run.json's records are accepted. */
const configFileSchema = z
  .object({
    preset: z.string(),
    scheme: z
      .union([z.string(), z.object({ name: z.string(), params: objectOf.default({}) }).strict()])
      .optional(),
    params: objectOf.default({}),
    time: objectOf.optional(),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    // what run.json records besides: kept for the reader, not needed to reproduce the run
    ottoflow: z.string().optional(),
    key: z.string().optional(),
    problem: z.unknown().optional(),
  })
  .strict();

/** A parsed config file or run.json as a request. */
export function requestFromRecord(raw: unknown, origin: string): RunRequest {
  if (raw && typeof raw === "object" && !Array.isArray(raw))
    checkKeys(raw as Record<string, unknown>, origin);
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) =>
      i.code === "unrecognized_keys"
        ? `unknown field${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => `"${k}"`).join(", ")} (fields: preset, scheme, params, time, seed)`
        : `field "${i.path.join(".") || "(root)"}": ${i.message}`,
    );
    throw new ConfigError(
      `${origin}: ${lines.join("; ")}`,
      'write e.g. {"preset": "ou", "scheme": "langevin", "params": {"dim": 4}, "seed": 0}',
    );
  }
  const c = parsed.data;
  const scheme = typeof c.scheme === "string" ? { name: c.scheme, params: {} } : c.scheme;
  return {
    preset: c.preset,
    scheme: scheme?.name,
    schemeParams: scheme?.params,
    params: c.params,
    time: c.time as RunRequest["time"],
    seed: c.seed,
  };
}

function readConfigFile(path: string): RunRequest {
  if (statSync(path).isDirectory())
    throw new ConfigError(
      `${path} is a directory, not a config file`,
      "name a preset, a config .json, or a run's run.json",
    );
  let raw: unknown;
  try {
    // A UTF-8 byte-order mark is what some editors write first: not part of the JSON.
    raw = JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new ConfigError(
      `${path} is not valid JSON: ${(e as Error).message}`,
      "fix the syntax (a JSON linter helps)",
    );
  }
  return requestFromRecord(raw, path);
}

/** `ottoflow run TARGET [--scheme NAME] [--set k=v …] [--seed N]` as a RunConfig. */
export function resolveRunConfig(
  target: string,
  sets: readonly string[],
  seed?: number,
  scheme?: string,
): RunConfig {
  const isFile = target.endsWith(".json") || (existsSync(target) && !findPreset(target));
  if (isFile && !existsSync(target))
    throw new ConfigError(
      `config file ${target} does not exist`,
      "check the path, or name a preset",
    );
  const file = isFile ? readConfigFile(target) : undefined;
  return resolveRun(
    {
      ...(file ?? { preset: target }),
      ...(scheme ? { scheme, schemeParams: scheme === file?.scheme ? file.schemeParams : {} } : {}),
      seed: seed ?? file?.seed,
      sets,
    },
    sets.length ? "with --set" : isFile ? target : "defaults",
  );
}
