/**
 * `--set KEY=FILE.npy`: an array-valued parameter (e.g. the OU preset's A and b) read from a
 * NumPy file, passed on as its JSON nested-array form, so that run.json records the values
 * themselves and the run reproduces without the file.
 */
import { readFileSync, statSync } from "node:fs";
import { ConfigError } from "../core/errors.js";
import { decodeNpy } from "../io/npy.js";

function nested(data: Float64Array, shape: readonly number[], offset = 0): unknown {
  if (shape.length === 0) return data[offset];
  const [n, ...rest] = shape;
  const stride = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => nested(data, rest, offset + i * stride));
}

export function expandArraySets(sets: readonly string[]): string[] {
  return sets.map((set) => {
    const eq = set.indexOf("=");
    const value = eq < 0 ? "" : set.slice(eq + 1);
    if (!value.endsWith(".npy")) return set;
    if (!statSync(value, { throwIfNoEntry: false })?.isFile())
      throw new ConfigError(
        `--set ${set}: no file ${value}`,
        "give the path of a .npy file (numpy.save), or the values as JSON, e.g. [[2,0],[0,1]]",
      );
    const { data, shape } = decodeNpy(readFileSync(value));
    return `${set.slice(0, eq)}=${JSON.stringify(nested(data, shape))}`;
  });
}
