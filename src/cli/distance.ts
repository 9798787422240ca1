/** `ottoflow distance --metric NAME A.npy B.npy`: one JSON object on stdout. */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ConfigError } from "../core/errors.js";
import { decodeNpy } from "../io/npy.js";
import { type Cloud, cloud } from "../ot/cloud.js";
import { distance, distances } from "../ot/distance.js";
import { key } from "../random/key.js";

export const DISTANCE_USAGE = `ottoflow distance --metric NAME A.npy B.npy [--eps E] [--k K] [--bandwidth S]
                  [--projections P] [--bins B] [--tol T] [--seed N] [--a-weights W.npy] [--b-weights W.npy]
metrics:
${Object.entries(distances)
  .map(([n, d]) => `  ${n.padEnd(14)}${d.summary}`)
  .join("\n")}
`;

function readCloud(path: string, weightsPath: string | undefined, name: string): Cloud {
  if (!existsSync(path))
    throw new ConfigError(
      `${path} does not exist`,
      "pass .npy files written by numpy.save or ottoflow",
    );
  const arr = decodeNpy(readFileSync(path));
  if (arr.shape.length > 2)
    throw new ConfigError(`${path} has shape [${arr.shape}]; expected (N,) or (N, d)`);
  const d = arr.shape.length === 2 ? arr.shape[1] : 1;
  const w = weightsPath ? decodeNpy(readFileSync(weightsPath)).data : undefined;
  return cloud(arr.data, d, w, `${name} (${path})`);
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(value);
  if (!Number.isFinite(v)) throw new ConfigError(`${flag} must be a number, got "${value}"`);
  return v;
}

export function runDistance(args: string[]): string {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
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
    },
  });
  if (!values.metric)
    throw new ConfigError("--metric is required", `metrics: ${Object.keys(distances).join(", ")}`);
  if (positionals.length !== 2)
    throw new ConfigError(
      "distance takes two .npy files",
      "e.g. ottoflow distance --metric w2 A.npy B.npy",
    );
  const a = readCloud(positionals[0], values["a-weights"], "A");
  const b = readCloud(positionals[1], values["b-weights"], "B");
  const t0 = performance.now();
  const r = distance(values.metric, a, b, {
    eps: number(values.eps, "--eps"),
    k: number(values.k, "--k"),
    bandwidth: number(values.bandwidth, "--bandwidth"),
    projections: number(values.projections, "--projections"),
    bins: number(values.bins, "--bins"),
    tol: number(values.tol, "--tol"),
    key: key(number(values.seed, "--seed") ?? 0),
  });
  const ms = performance.now() - t0;
  return (
    JSON.stringify({
      metric: r.metric,
      value: r.value,
      method: r.method,
      n: a.n,
      m: b.n,
      d: a.d,
      ms,
      ...r.extra,
    }) + "\n"
  );
}
