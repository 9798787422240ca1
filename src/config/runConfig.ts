/**
 * The boundary between a user and a run: a preset name or a config file,
 * `--set key=value` overrides and a seed become one validated RunConfig.
 */
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { ConfigError } from "../core/errors.js";
import { findPreset, presets, type Preset } from "../presets/index.js";
import { resolveParams } from "./params.js";

export { resolveParams };

export interface RunConfig {
  preset: Preset;
  params: Record<string, unknown>;
  seed: number;
}

/** A config file: a preset, its parameters, a seed. A run.json is one too (its extra records are ignored). */
const configFileSchema = z
  .object({
    preset: z.string(),
    params: z.record(z.string(), z.unknown()).default({}),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    ottoflow: z.unknown().optional(),
    problem: z.unknown().optional(),
    scheme: z.unknown().optional(),
    created: z.unknown().optional(),
  })
  .strict();

function presetNamed(name: string): Preset {
  const p = findPreset(name);
  if (!p)
    throw new ConfigError(
      `unknown preset "${name}"; presets: ${presets.map((q) => q.name).join(", ")}`,
      "run `ottoflow presets` to see them with one line each",
    );
  return p;
}

function readConfigFile(path: string): {
  preset: string;
  params: Record<string, unknown>;
  seed?: number;
} {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new ConfigError(
      `${path} is not valid JSON: ${(e as Error).message}`,
      "fix the syntax (a JSON linter helps)",
    );
  }
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) =>
      i.code === "unrecognized_keys"
        ? `unknown field${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => `"${k}"`).join(", ")} (fields: preset, params, seed)`
        : `field "${i.path.join(".") || "(root)"}": ${i.message}`,
    );
    throw new ConfigError(
      `${path}: ${lines.join("; ")}`,
      'write e.g. {"preset": "ou", "params": {"dim": 4}, "seed": 0}',
    );
  }
  return parsed.data;
}

/** Parses `key=value`; the value is JSON when it parses as JSON, else a string. */
export function parseSet(text: string): [string, unknown] {
  const eq = text.indexOf("=");
  if (eq <= 0)
    throw new ConfigError(`--set expects key=value, got "${text}"`, "e.g. --set dt=0.01");
  const k = text.slice(0, eq).trim();
  const v = text.slice(eq + 1).trim();
  try {
    return [k, JSON.parse(v)];
  } catch {
    return [k, v];
  }
}

export function resolveRunConfig(
  target: string,
  sets: readonly string[],
  seed?: number,
): RunConfig {
  const isFile = target.endsWith(".json") || (existsSync(target) && !findPreset(target));
  if (isFile && !existsSync(target))
    throw new ConfigError(
      `config file ${target} does not exist`,
      "check the path, or name a preset",
    );
  const file = isFile ? readConfigFile(target) : undefined;
  const preset = presetNamed(file ? file.preset : target);
  const input: Record<string, unknown> = { ...(file?.params ?? {}) };
  for (const s of sets) {
    const [k, v] = parseSet(s);
    input[k] = v;
  }
  const params = resolveParams(
    preset,
    input,
    sets.length ? "with --set" : isFile ? target : "defaults",
  );
  return { preset, params, seed: seed ?? file?.seed ?? 0 };
}
