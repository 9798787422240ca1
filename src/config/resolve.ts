/**
 * From what a user asks for — a preset, a scheme, parameters, `key=value` overrides, a seed — to
 * one validated RunConfig, the same way for the CLI, config files, the explorer and sweeps.
 * Browser-safe: no file system here (config files are read in runConfig.ts).
 *
 * Layers of parameters, later ones winning: the preset's defaults, its tuning for the chosen
 * scheme (when that is not its default), the request's own values. `key=value` overrides are
 * routed by name: `scheme=NAME` picks the scheme, `scheme.KEY` sets a scheme parameter,
 * `dt`, `until` and `save_every` the step policy, any other key the problem's parameter of that
 * name — or, when the problem has none, the scheme's.
 */
import { ConfigError } from "../core/errors.js";
import { describeParams, parseParams } from "../core/schema.js";
import { presetNamed } from "../presets/index.js";
import {
  type Preset,
  type TimeSettings,
  type Tuning,
  timeKeys,
  timeSchema,
} from "../presets/types.js";
import { type Key, key, split } from "../random/key.js";
import type { SchemeEntry } from "../schemes/entry.js";
import { schemeNamed } from "../schemes/registry.js";

/** What a run is made of. */
export interface RunConfig {
  preset: Preset;
  /** The problem's parameters, validated. */
  params: Record<string, unknown>;
  scheme: SchemeEntry;
  /** The scheme's parameters, validated. */
  schemeParams: Record<string, unknown>;
  time: TimeSettings;
  seed: number;
}

/** A run as asked for; everything but the preset is optional. */
export interface RunRequest {
  preset: string;
  scheme?: string;
  params?: Record<string, unknown>;
  schemeParams?: Record<string, unknown>;
  time?: Partial<TimeSettings>;
  seed?: number;
  /** Values by name, routed like `--set` (problem, dt/until/save_every, scheme.KEY), applied after the above. */
  values?: Record<string, unknown>;
  /** `key=value` overrides, applied last. */
  sets?: readonly string[];
}

/** Keys that would reach an object's prototype: refused everywhere, never silently dropped. */
const FORBIDDEN_KEYS = new Set(["__proto__", "prototype", "constructor"]);

export function checkKeys(obj: Record<string, unknown>, where: string): void {
  for (const k of Object.keys(obj))
    if (FORBIDDEN_KEYS.has(k))
      throw new ConfigError(`${where}: the key "${k}" is not a parameter name`, "remove it");
}

/** Parses `key=value`; the value is JSON when it parses as JSON, else a string. */
export function parseSet(text: string): [string, unknown] {
  const eq = text.indexOf("=");
  if (eq <= 0)
    throw new ConfigError(`--set expects key=value, got "${text}"`, "e.g. --set dt=0.01");
  const k = text.slice(0, eq).trim();
  const v = text.slice(eq + 1).trim();
  if (FORBIDDEN_KEYS.has(k) || FORBIDDEN_KEYS.has(k.replace(/^scheme\./, "")))
    throw new ConfigError(`--set: "${k}" is not a parameter name`, "remove it");
  try {
    return [k, JSON.parse(v)];
  } catch {
    return [k, v];
  }
}

/** The problem key and the flow key of a seed: the problem (e.g. A, b) never depends on the scheme. */
export function experimentKeys(seed: number): { problem: Key; flow: Key } {
  const [problem, flowKey] = split(key(seed), 2);
  return { problem, flow: flowKey };
}

const names = (schema: { shape: Record<string, unknown> }): Set<string> =>
  new Set(Object.keys(schema.shape));

/** Where each named value goes. */
function route(
  entries: readonly [string, unknown][],
  preset: Preset,
  defaultScheme: string,
): {
  scheme?: string;
  params: Record<string, unknown>;
  schemeParams: Record<string, unknown>;
  time: Partial<TimeSettings>;
} {
  const out = {
    scheme: undefined as string | undefined,
    params: {} as Record<string, unknown>,
    schemeParams: {} as Record<string, unknown>,
    time: {} as Record<string, unknown>,
  };
  const problemKeys = names(preset.params);
  const pending: [string, unknown][] = [];
  for (const [k, v] of entries) {
    if (FORBIDDEN_KEYS.has(k) || FORBIDDEN_KEYS.has(k.replace(/^scheme\./, "")))
      throw new ConfigError(`"${k}" is not a parameter name`, "remove it");
    if (k === "scheme") {
      if (typeof v !== "string")
        throw new ConfigError(`--set scheme= takes a scheme name, got ${JSON.stringify(v)}`);
      out.scheme = v;
    } else pending.push([k, v]);
  }
  const scheme = (): SchemeEntry => schemeNamed(out.scheme ?? defaultScheme);
  for (const [k, v] of pending) {
    if (k.startsWith("scheme.")) out.schemeParams[k.slice(7)] = v;
    else if ((timeKeys as readonly string[]).includes(k)) out.time[k] = v;
    else if (problemKeys.has(k)) out.params[k] = v;
    else if (names(scheme().params).has(k)) out.schemeParams[k] = v;
    else
      throw new ConfigError(
        `unknown parameter "${k}" for preset "${preset.name}" with scheme "${scheme().name}"`,
        `problem: ${[...problemKeys].join(", ") || "(none)"}; time: ${timeKeys.join(", ")}; ` +
          `scheme (scheme.KEY): ${[...names(scheme().params)].join(", ") || "(none)"}`,
      );
  }
  return { ...out, time: out.time as Partial<TimeSettings> };
}

/** Validates a request into a RunConfig; every problem is named with what is allowed. */
export function resolveRun(request: RunRequest, origin = "the request"): RunConfig {
  const { preset, scheme: aliasScheme } = presetNamed(request.preset);
  const requested = request.scheme ?? aliasScheme ?? preset.scheme.name;
  const routed = route(
    [...Object.entries(request.values ?? {}), ...(request.sets ?? []).map(parseSet)],
    preset,
    requested,
  );
  const scheme = schemeNamed(routed.scheme ?? requested);
  const isDefault = scheme.name === preset.scheme.name;
  const tuning: Tuning = isDefault
    ? { scheme: preset.scheme.params }
    : (preset.tuned?.[scheme.name] ?? {});
  for (const [what, obj] of [
    ["params", request.params ?? {}],
    ["scheme params", request.schemeParams ?? {}],
    ["time", request.time ?? {}],
  ] as const)
    checkKeys(obj, `${origin}, ${what}`);
  const help = `run \`ottoflow presets ${preset.name}\` for its parameters`;
  for (const k of Object.keys({ ...request.schemeParams, ...routed.schemeParams }))
    if (preset.decides?.includes(k))
      throw new ConfigError(
        `preset "${preset.name}" decides scheme.${k} itself (its start is given)`,
        names(preset.params).has(k)
          ? `set the problem's ${k}=… instead`
          : `leave scheme.${k} unset`,
      );
  const params = parseParams(
    preset.params,
    { ...tuning.params, ...request.params, ...routed.params },
    `preset "${preset.name}" (${origin})`,
    help,
  );
  const base = typeof preset.time === "function" ? preset.time(params as never) : preset.time;
  const time = parseParams(
    timeSchema,
    { ...base, ...tuning.time, ...request.time, ...routed.time },
    `the step policy (${origin})`,
    "dt, until and save_every are positive times",
  );
  const schemeParams = parseParams(
    scheme.params,
    { ...tuning.scheme, ...request.schemeParams, ...routed.schemeParams },
    `scheme "${scheme.name}" (${origin})`,
    `run \`ottoflow schemes ${scheme.name}\` for its parameters`,
    "scheme.",
  );
  const seed = request.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new ConfigError(`the seed must be a non-negative integer, got ${seed}`, "e.g. --seed 1");
  return { preset, params, scheme, schemeParams, time, seed };
}

/** The parameters of a preset with a scheme, for help texts: problem, time and scheme, with defaults. */
export function describeRun(presetName: string, schemeName?: string) {
  const { preset, scheme: aliasScheme } = presetNamed(presetName);
  const config = resolveRun({ preset: presetName, scheme: schemeName ?? aliasScheme });
  return {
    config,
    problem: describeParams(preset.params).map((p) => ({ ...p, default: config.params[p.name] })),
    time: describeParams(timeSchema).map((p) => ({
      ...p,
      default: config.time[p.name as keyof TimeSettings],
    })),
    scheme: describeParams(config.scheme.params).map((p) => ({
      ...p,
      default: config.schemeParams[p.name],
    })),
  };
}
