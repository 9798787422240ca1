/**
 * One live run per output directory: `lock` in the partial directory holds the pid and host of
 * the run writing there. A lock whose process is gone (killed, crashed) is stale and is taken
 * over; a live one refuses the newcomer, naming the pid.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { IoError } from "../core/errors.js";
import { io } from "./files.js";

export const LOCK = "lock";

interface LockBody {
  pid: number;
  host: string;
  started: string;
}

/**
 * Whether a process of this host is running (EPERM: alive, another user's). A zombie is not: a
 * killed run whose parent died too waits for init to reap it, and some inits (containers,
 * micro-VMs) never do, so signal 0 alone would keep its lock held forever.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // alive, another user's
  }
  return !zombie(pid);
}

/** Linux's /proc/PID/stat state after the command name (which may hold spaces and parentheses). */
function zombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return false; // no /proc here (macOS), or the process just went: signal 0 said it was there
  }
  const state = stat[stat.lastIndexOf(")") + 2];
  return state === "Z" || state === "X";
}

function readLock(path: string): LockBody | undefined {
  try {
    const body = JSON.parse(readFileSync(path, "utf8")) as Partial<LockBody>;
    return Number.isSafeInteger(body.pid) && typeof body.host === "string"
      ? (body as LockBody)
      : undefined;
  } catch {
    return undefined; // missing, or half-written by a process killed while writing it
  }
}

/** The live run holding `work`, described, or undefined when none does (no lock, or a stale one). */
export function liveHolder(work: string): string | undefined {
  const lock = readLock(join(work, LOCK));
  if (!lock || lock.pid === process.pid) return undefined;
  if (lock.host !== hostname())
    return `pid ${lock.pid} on host ${lock.host} (started ${lock.started})`;
  return alive(lock.pid) ? `pid ${lock.pid} (started ${lock.started})` : undefined;
}

/** Refuses when another live run holds `work`. */
export function assertUnlocked(work: string): void {
  const holder = liveHolder(work);
  if (holder)
    throw new IoError(
      work,
      `another run is writing to ${work}: ${holder}`,
      `wait for it, stop it, or pass another --out; if no such run is alive, delete ${join(work, LOCK)}`,
    );
}

/** Takes the lock of `work` for this process (after assertUnlocked; a stale lock is replaced). */
export function acquireLock(work: string): void {
  assertUnlocked(work);
  const path = join(work, LOCK);
  const body: LockBody = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  io(path, "write the lock", () => writeFileSync(path, JSON.stringify(body) + "\n"));
  // Two runs racing here both wrote; the file holds one of them, and the other must yield.
  if (readLock(path)?.pid !== process.pid) assertUnlocked(work);
}

export function releaseLock(work: string): void {
  if (readLock(join(work, LOCK))?.pid === process.pid) rmSync(join(work, LOCK), { force: true });
}
