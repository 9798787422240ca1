/** The Python peers (../shared/peers) as oracles: run when POT/SciPy import, skipped with a message otherwise. */
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeNpy } from "../src/io/npy.js";

export const PEERS = join(import.meta.dirname, "..", "..", "shared", "peers");
const PYTHON = "/usr/bin/python3";

function importable(): boolean {
  if (!existsSync(join(PEERS, "w2.py")) || !existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ["-c", "import ot, scipy"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export const peersAvailable = importable();
if (!peersAvailable)
  console.warn(
    "peer comparisons skipped: ../shared/peers with POT and SciPy not found (run ../shared/peers/setup.sh)",
  );

export function runPeer(script: string, args: string[]): Record<string, number> {
  const out = execFileSync(PYTHON, [join(PEERS, script), ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return JSON.parse(out);
}

export function writeCloud(dir: string, name: string, x: Float64Array, d: number): string {
  const path = join(dir, name);
  writeFileSync(path, encodeNpy(x, [x.length / d, d]));
  return path;
}
