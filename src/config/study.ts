/**
 * A study: many runs of one preset as one object — a base configuration, a grid of values
 * (routed like `--set`: problem parameters, dt/until/save_every, `scheme`, `scheme.KEY`) and a
 * number of seeds. Expanding it gives the manifest: one fully resolved run configuration per
 * entry, in a fixed order, each with its own seed derived from the study's key, so that every
 * entry is a pure function of its line and runs the same wherever it runs. Browser-safe.
 *
 * Seeds: replicate r of every grid point gets the seed drawn from foldIn(key(study.seed), r)
 * (paired: a comparison across the grid sees the same randomness, and the OU preset the same
 * A and b); with `paired: false` entry i gets foldIn(key(study.seed), i) instead. Threefry is
 * integer arithmetic, so the seeds are the same on every machine.
 */
import { z } from "zod";
import { ConfigError } from "../core/errors.js";
import { foldIn, key } from "../random/key.js";
import { type RunConfig, checkKeys, parseSet, resolveRun } from "./resolve.js";
import { type ConfigRecord, configRecord } from "./run.js";

const objectOf = z.record(z.string(), z.unknown());

/** What `collect` draws and tabulates; every field has a default read off the runs. */
export const collectSchema = z
  .object({
    /** The swept parameter on the figures' x axis (default: the first grid key). */
    x: z.string().optional(),
    /** The metrics to tabulate (default: every metric of the runs, and the energy). */
    metrics: z.array(z.string()).optional(),
    /** Saved times to read the metrics at (default: the final time). */
    times: z.array(z.number()).optional(),
    /** Statistics over log10 of the metric, as papers report errors (default false). */
    log10: z.boolean().default(false),
    /** Axis scales; "auto" is log when the values are positive and span a decade or more. */
    xScale: z.enum(["auto", "log", "linear"]).default("auto"),
    yScale: z.enum(["auto", "log", "linear"]).default("auto"),
    /** Published or reference values drawn beside the study's, e.g. a paper's figure. */
    references: z
      .array(
        z
          .object({
            label: z.string(),
            metric: z.string(),
            t: z.number().optional(),
            x: z.array(z.union([z.number(), z.string()])),
            y: z.array(z.number()),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type CollectSpec = z.infer<typeof collectSchema>;

export const studySchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-' only"),
    description: z.string().optional(),
    preset: z.string(),
    scheme: z
      .union([z.string(), z.object({ name: z.string(), params: objectOf.default({}) }).strict()])
      .optional(),
    params: objectOf.default({}),
    time: objectOf.optional(),
    /** Values routed like `--set key=value`, applied to every entry. */
    set: objectOf.default({}),
    /** Each key's values; the entries are the product, the last key varying fastest. */
    grid: z.record(z.string(), z.array(z.unknown()).min(1)).default({}),
    seeds: z.number().int().min(1).max(100_000).default(1),
    /** The study's key: every entry's seed is derived from it. */
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    paired: z.boolean().default(true),
    collect: collectSchema.optional(),
  })
  .strict();

export type Study = z.infer<typeof studySchema>;

/** One line of the manifest. */
export interface ManifestEntry {
  index: number;
  /** Zero-padded index, the run directory's name. */
  id: string;
  /** The run directory, relative to the manifest's folder. */
  dir: string;
  /** The grid values of this entry. */
  point: Record<string, unknown>;
  replicate: number;
  config: ConfigRecord;
}

/** Validates a parsed study file; every problem is named with the field. */
export function parseStudy(raw: unknown, origin: string): Study {
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    checkKeys(raw as Record<string, unknown>, origin);
    const grid = (raw as { grid?: unknown }).grid;
    if (grid && typeof grid === "object") checkKeys(grid as Record<string, unknown>, origin);
  }
  const parsed = studySchema.safeParse(raw);
  if (!parsed.success)
    throw new ConfigError(
      `${origin}: ${parsed.error.issues
        .map((i) =>
          i.code === "unrecognized_keys"
            ? `unknown field${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => `"${k}"`).join(", ")}`
            : `field "${i.path.join(".") || "(root)"}": ${i.message}`,
        )
        .join("; ")}`,
      'write e.g. {"name": "ou-dims", "preset": "ou", "grid": {"dim": [2, 4, 8]}, "seeds": 5}' +
        " (fields: name, description, preset, scheme, params, time, set, grid, seeds, seed, paired, collect)",
    );
  const study = parsed.data;
  for (const k of Object.keys(study.grid))
    if (k === "seed")
      throw new ConfigError(
        `${origin}: "seed" cannot be a grid key`,
        'give "seeds": N (replicates) and "seed" (the study\'s key) instead',
      );
  return study;
}

/** `--grid key=v1,v2,…` as a grid entry; each value is JSON when it parses as JSON, else a string. */
export function parseGridOption(text: string): [string, unknown[]] {
  const [k, joined] = parseSet(text);
  const values = String(typeof joined === "string" ? joined : JSON.stringify(joined))
    .split(",")
    .map((v) => parseSet(`${k}=${v}`)[1]);
  if (values.some((v) => v === ""))
    throw new ConfigError(`--grid ${text}: an empty value`, "e.g. --grid dim=2,4,8");
  return [k, values];
}

/** The 53-bit seed of item i of the study's key. */
export function derivedSeed(studySeed: number, i: number): number {
  const [hi, lo] = foldIn(key(studySeed), i);
  return (hi & 0x1fffff) * 2 ** 32 + lo;
}

/** The grid's points in order: the product of the keys' values, the last key fastest. */
export function gridPoints(grid: Study["grid"]): Record<string, unknown>[] {
  let points: Record<string, unknown>[] = [{}];
  for (const [k, values] of Object.entries(grid))
    points = points.flatMap((p) => values.map((v) => ({ ...p, [k]: v })));
  return points;
}

const describePoint = (point: Record<string, unknown>): string =>
  Object.entries(point)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(" ") || "(no grid)";

/** The run configuration of one grid point and seed. */
export function resolveEntry(
  study: Study,
  point: Record<string, unknown>,
  seed: number,
): RunConfig {
  const scheme = typeof study.scheme === "string" ? { name: study.scheme } : study.scheme;
  return resolveRun(
    {
      preset: study.preset,
      scheme: scheme?.name,
      schemeParams: scheme && "params" in scheme ? scheme.params : undefined,
      params: study.params,
      time: study.time,
      values: { ...study.set, ...point },
      seed,
    },
    `study "${study.name}", ${describePoint(point)}`,
  );
}

/** Every entry of the study, in manifest order (point-major, replicate-minor). */
export function expandStudy(study: Study): ManifestEntry[] {
  const points = gridPoints(study.grid);
  const count = points.length * study.seeds;
  const width = Math.max(4, String(count - 1).length);
  return points.flatMap((point, p) =>
    Array.from({ length: study.seeds }, (_, r) => {
      const index = p * study.seeds + r;
      const seed = derivedSeed(study.seed, study.paired ? r : index);
      const id = String(index).padStart(width, "0");
      return {
        index,
        id,
        dir: `runs/${id}`,
        point,
        replicate: r,
        config: configRecord(resolveEntry(study, point, seed)),
      };
    }),
  );
}

export { describePoint };
