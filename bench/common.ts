/** Shared plumbing of the benchmarks: medians, peer calls, result files. */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..");
export const PEERS = join(ROOT, "..", "shared", "peers");

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median wall time in ms of `reps` runs (after `warmup` untimed ones), with the last result. */
export function time<T>(
  fn: () => T,
  reps: number,
  warmup = 1,
): { ms: number; all: number[]; result: T } {
  let result = undefined as T;
  for (let i = 0; i < warmup; i++) result = fn();
  const all: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    result = fn();
    all.push(performance.now() - t0);
  }
  return { ms: median(all), all, result };
}

export function peer(script: string, args: string[]): Record<string, number> {
  if (!existsSync(join(PEERS, script)))
    throw new Error(`peer ${script} not found at ${PEERS}; run ../shared/peers/setup.sh`);
  const out = execFileSync("/usr/bin/python3", [join(PEERS, script), ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out);
}

export interface Machine {
  node: string;
  cpu: string;
  cores: number;
  date: string;
}

export function machine(): Machine {
  return {
    node: process.version,
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    date: new Date().toISOString(),
  };
}

export function writeResults(name: string, data: unknown): string {
  const dir = join(ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(data, null, 2) + "\n");
  return path;
}

/** Replaces the block between `<!-- name:start -->` and `<!-- name:end -->` in docs/benchmarks.md. */
export function updateBenchmarksDoc(name: string, markdown: string): void {
  const path = join(ROOT, "docs", "benchmarks.md");
  const text = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n";
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const next = text.includes(start)
    ? text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block)
    : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
  // as Prettier writes it (aligned tables), so that the page passes the lint's `prettier --check`
  execFileSync(
    process.execPath,
    [join(ROOT, "node_modules", "prettier", "bin", "prettier.cjs"), "--write", path],
    {
      stdio: "ignore",
    },
  );
}
