/** `ottoflow distance --metric NAME A.npy B.npy`: one JSON object on stdout. */
import { existsSync } from "node:fs";
import { ConfigError, IoError, LimitError } from "../core/errors.js";
import { readNpyFile } from "../io/npyFile.js";
import { type Cloud, cloud } from "../ot/cloud.js";
import { checkDistanceOptions, distance, distances } from "../ot/distance.js";
import { parseCli } from "./args.js";
import { type WorkProgressOptions, workProgress } from "./progress.js";
import { key } from "../random/key.js";

/** The most memory a distance may take unless --max-memory says more. */
export const MAX_MEMORY_MIB = 2048;

export const DISTANCE_USAGE = `ottoflow distance --metric NAME A.npy B.npy [--eps E] [--k K] [--bandwidth S]
                  [--projections P] [--bins B] [--tol T] [--seed N] [--a-weights W.npy] [--b-weights W.npy]
                  [--max-memory MIB] [--quiet]
An option a metric does not use is refused; the memory a metric needs is checked first
(default cap ${MAX_MEMORY_MIB} MiB); an unconverged Sinkhorn exits 3. Work that takes more
than 2 s shows its progress on stderr (--quiet: none).
metrics:
${Object.entries(distances)
  .map(([n, d]) => `  ${n.padEnd(14)}${d.summary}`)
  .join("\n")}
`;

function readCloud(path: string, weightsPath: string | undefined, name: string): Cloud {
  if (!existsSync(path))
    throw new IoError(
      path,
      `${path} does not exist`,
      "pass .npy files written by numpy.save or ottoflow",
    );
  const arr = readNpyFile(path);
  if (arr.shape.length > 2 || arr.shape.length === 0)
    throw new ConfigError(`${path} has shape [${arr.shape}]; expected (N,) or (N, d)`);
  const d = arr.shape.length === 2 ? arr.shape[1] : 1;
  const w = weightsPath ? readNpyFile(weightsPath).data : undefined;
  return cloud(arr.data, d, w, `${name} (${path})`);
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim() === "" ? NaN : Number(value);
  if (!Number.isFinite(v)) throw new ConfigError(`${flag} must be a number, got "${value}"`);
  return v;
}

const OPTION_FLAGS = ["eps", "k", "bandwidth", "projections", "bins", "tol"] as const;

/** The JSON line, and the exit code: 3 when an iterative method did not converge. */
export interface DistanceOutput {
  text: string;
  code: number;
  warning?: string;
}

/** How progress is shown: on a terminal (a bar) or as lines; `progress` overrides it (tests). */
export interface DistanceRunOptions {
  tty?: boolean;
  progress?: Partial<WorkProgressOptions>;
}

export function runDistance(args: string[], run: DistanceRunOptions = {}): DistanceOutput {
  const { values: raw, positionals } = parseCli(args, {
    metric: { type: "string" },
    eps: { type: "string" },
    k: { type: "string" },
    bandwidth: { type: "string" },
    projections: { type: "string" },
    bins: { type: "string" },
    tol: { type: "string" },
    seed: { type: "string" },
    "a-weights": { type: "string" },
    "b-weights": { type: "string" },
    "max-memory": { type: "string" },
    quiet: { type: "boolean", default: false },
  });
  const quiet = raw.quiet === true;
  const values = raw as Record<string, string | undefined>;
  if (!values.metric)
    throw new ConfigError("--metric is required", `metrics: ${Object.keys(distances).join(", ")}`);
  const entry = distances[values.metric];
  if (!entry)
    throw new ConfigError(
      `unknown metric "${values.metric}"; metrics: ${Object.keys(distances).join(", ")}`,
      "see ottoflow distance --help",
    );
  if (positionals.length !== 2)
    throw new ConfigError(
      "distance takes two .npy files",
      "e.g. ottoflow distance --metric w2 A.npy B.npy",
    );
  for (const flag of [...OPTION_FLAGS, "seed"] as const)
    if (values[flag] !== undefined && !entry.uses.includes(flag === "seed" ? "key" : flag))
      throw new ConfigError(
        `--${flag} is not used by ${values.metric}`,
        entry.uses.length
          ? `${values.metric} takes ${entry.uses.map((u) => `--${u === "key" ? "seed" : u}`).join(", ")}`
          : `${values.metric} takes no options: drop --${flag}`,
      );
  const options = Object.fromEntries(
    OPTION_FLAGS.map((f) => [f, number(values[f], `--${f}`)]).filter(([, v]) => v !== undefined),
  );
  checkDistanceOptions(options);
  const seed = number(values.seed, "--seed") ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new ConfigError(
      `--seed must be a non-negative integer, got "${values.seed}"`,
      "e.g. --seed 1",
    );
  const maxMib = number(values["max-memory"], "--max-memory") ?? MAX_MEMORY_MIB;
  if (!(maxMib > 0))
    throw new ConfigError(
      `--max-memory must be a positive number of MiB`,
      "e.g. --max-memory 8192",
    );
  const a = readCloud(positionals[0], values["a-weights"], "A");
  const b = readCloud(positionals[1], values["b-weights"], "B");
  // The cost of the work, from the sizes, before any of it is done.
  const need = entry.bytes(a.n, b.n, a.d) / 2 ** 20;
  if (need > maxMib)
    throw new LimitError(
      `${values.metric} on ${a.n} × ${b.n} points in ${a.d}D needs about ${need.toFixed(0)} MiB, above the ${maxMib} MiB allowed`,
      `subsample the points, use sliced-w2 or sinkhorn (memory linear in n), or raise --max-memory`,
    );
  const progress = workProgress({
    label: `${values.metric} on ${a.n} × ${b.n} points`,
    quiet,
    tty: run.tty ?? false,
    ...run.progress,
  });
  const t0 = performance.now();
  let r;
  try {
    r = distance(values.metric, a, b, { ...options, key: key(seed), meter: progress.meter });
  } finally {
    progress.stop();
  }
  const ms = performance.now() - t0;
  const text =
    JSON.stringify({
      metric: r.metric,
      value: r.value,
      method: r.method,
      n: a.n,
      m: b.n,
      d: a.d,
      ms,
      ...r.extra,
    }) + "\n";
  if (r.extra?.converged === false)
    return {
      text,
      code: 3,
      warning: `${values.metric} did not converge (marginal error ${r.extra.marginal_error} after ${r.extra.iterations} iterations): the value is not the distance; try a larger --eps or a looser --tol`,
    };
  return { text, code: 0 };
}
