/**
 * Explicit PRNG keys, JAX style: `key(seed)`, `split(k, n)`, `foldIn(k, i)`.
 * A key is two 32-bit words; new keys are derived by hashing, so streams drawn
 * from different keys are independent and reproducible everywhere.
 */
import { ConfigError } from "../core/errors.js";
import { threefry2x32 } from "./threefry.js";

export type Key = readonly [number, number];

// Counter high words reserved for deriving keys; sampling counters stay below 2^21.
const SPLIT_DOMAIN = 0xffffffff;
const FOLD_DOMAIN = 0xfffffffe;

/** Root key from a non-negative integer seed (up to 2^53 − 1). */
export function key(seed: number): Key {
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new ConfigError(`seed must be a non-negative integer, got ${seed}`, "use e.g. --seed 0");
  return [Math.floor(seed / 2 ** 32) >>> 0, seed >>> 0];
}

function derive(k: Key, domain: number, index: number): Key {
  const out = new Uint32Array(2);
  threefry2x32(k[0], k[1], domain, index >>> 0, out);
  return [out[0], out[1]];
}

/** `n` independent keys derived from `k`. */
export function split(k: Key, n = 2): Key[] {
  return Array.from({ length: n }, (_, i) => derive(k, SPLIT_DOMAIN, i));
}

/** The key for item `i` of a sequence (e.g. time step i) — no state to carry. */
export function foldIn(k: Key, i: number): Key {
  if (!Number.isInteger(i) || i < 0 || i >= 2 ** 32)
    throw new ConfigError(`foldIn index must be an integer in [0, 2^32), got ${i}`);
  return derive(k, FOLD_DOMAIN, i);
}

/** Fixed-width hex form, for run.json and checkpoints. */
export function keyToString(k: Key): string {
  return k.map((w) => w.toString(16).padStart(8, "0")).join("");
}
