/**
 * What a run will take, from its first state and its plan, before any step: the memory it holds
 * and the disk its snapshots fill. A run beyond the machine is refused with the numbers; any
 * other is announced, so that a long or large run says so at its start.
 */
import { statfsSync } from "node:fs";
import { totalmem } from "node:os";
import { LimitError } from "../core/errors.js";
import type { SchemeState } from "../schemes/types.js";

export interface Budget {
  steps: number;
  saves: number;
  /** Bytes of one saved snapshot (.npy) and of the whole state (the checkpoint). */
  snapshotBytes: number;
  stateBytes: number;
  diskBytes: number;
  memoryBytes: number;
}

/** Bytes held in typed arrays anywhere in `value` (each array counted once). */
export function typedBytes(value: unknown, seen = new Set<unknown>()): number {
  if (!value || typeof value !== "object" || seen.has(value)) return 0;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return value.byteLength;
  let total = 0;
  for (const v of Object.values(value)) total += typedBytes(v, seen);
  return total;
}

export function budgetOf(state: SchemeState, plan: { steps: number; saves: number }): Budget {
  const snapshotBytes = typedBytes(state.measure) + 256;
  const stateBytes = typedBytes(state) + 4096;
  return {
    ...plan,
    snapshotBytes,
    stateBytes,
    // the snapshots, and the checkpoint twice (the old one stays until the new one is renamed)
    diskBytes: plan.saves * snapshotBytes + 2 * stateBytes,
    // the state, the next one a step builds, and a step's scratch of the same size
    memoryBytes: 3 * stateBytes,
  };
}

export const bytes = (b: number): string =>
  b >= 2 ** 30
    ? `${(b / 2 ** 30).toFixed(1)} GiB`
    : b >= 2 ** 20
      ? `${(b / 2 ** 20).toFixed(1)} MiB`
      : `${Math.ceil(b / 2 ** 10)} KiB`;

/** Free bytes on the file system holding `dir`, or undefined where that cannot be told. */
function freeDisk(dir: string): number | undefined {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

/** Refuses a run that cannot fit; returns the line that announces it. */
export function checkBudget(
  b: Budget,
  dir: string,
  limits: { memory?: number; disk?: number } = {},
): string {
  const memory = limits.memory ?? totalmem();
  const disk = limits.disk ?? freeDisk(dir);
  const what = `${b.steps} steps, ${b.saves} snapshots of ${bytes(b.snapshotBytes)}: ${bytes(b.diskBytes)} on disk, about ${bytes(b.memoryBytes)} in memory`;
  const fix =
    "use fewer particles or a smaller dimension, save less often (--set save_every=…), or write elsewhere (--out)";
  if (b.memoryBytes > 0.8 * memory)
    throw new LimitError(`the run needs ${what}; this machine has ${bytes(memory)} of memory`, fix);
  if (disk !== undefined && b.diskBytes > disk)
    throw new LimitError(`the run needs ${what}; ${dir} has ${bytes(disk)} free`, fix);
  return what;
}
