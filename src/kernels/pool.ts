/**
 * The pair sums on several threads (Node worker_threads): the rows are split so that each
 * worker gets the same share of the N(N−1)/2 pairs (boundaries N(1 − √(1 − k/T))), each
 * worker sums its rows into its own buffers, and the caller adds them up. Asynchronous, so
 * it serves batch work and benchmarks; the schemes' synchronous steps use one thread.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { ConfigError } from "../core/errors.js";
import type { PairKind, PairSums } from "./pairSums.js";

interface Reply {
  id: number;
  out: Float64Array | null;
  sums: Float64Array | null;
}

/** Row boundaries giving each of `threads` workers an equal share of the pairs i < j. */
export function balancedRows(n: number, threads: number): number[] {
  return Array.from({ length: threads + 1 }, (_, k) =>
    k === threads ? n : Math.round(n * (1 - Math.sqrt(1 - k / threads))),
  );
}

export class PairSumPool {
  private next = 0;
  private readonly waiting = new Map<number, (r: Reply) => void>();

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on("message", (r: Reply) => {
        this.waiting.get(r.id)?.(r);
        this.waiting.delete(r.id);
      });
      // A dead worker must not leave its caller waiting: answer every pending job with null.
      w.on("error", () => {
        for (const [id, resolve] of this.waiting) resolve({ id, out: null, sums: null });
        this.waiting.clear();
      });
    }
  }

  static create(threads: number): PairSumPool {
    if (!Number.isInteger(threads) || threads < 1)
      throw new ConfigError(`the pool needs an integer number of threads ≥ 1, got ${threads}`);
    // Built: the .js next to this file. From sources (tsx, vitest), the built copy in dist/,
    // since workers do not inherit a TypeScript loader.
    const here = new URL("./pairWorker.js", import.meta.url);
    const built = new URL("../../dist/src/kernels/pairWorker.js", import.meta.url);
    const file = existsSync(fileURLToPath(here)) ? here : built;
    if (!existsSync(fileURLToPath(file)))
      throw new ConfigError("the pair-sum worker is not built", "run npm run build");
    const workers = Array.from({ length: threads }, () => new Worker(file));
    return new PairSumPool(workers);
  }

  get threads(): number {
    return this.workers.length;
  }

  /** As pairSums(), split over the workers; null when the fast path declines the input. */
  async pairSums(
    kind: PairKind,
    x: Float64Array,
    n: number,
    d: number,
    scale = 1,
  ): Promise<PairSums | null> {
    const rows = balancedRows(n, this.workers.length);
    const replies = await Promise.all(
      this.workers.map(
        (w, k) =>
          new Promise<Reply>((resolve) => {
            const id = this.next++;
            this.waiting.set(id, resolve);
            w.postMessage({ id, kind, x, n, d, scale, rowStart: rows[k], rowEnd: rows[k + 1] });
          }),
      ),
    );
    if (replies.some((r) => !r.out || !r.sums)) return null;
    const out = new Float64Array(n * d);
    const sums = new Float64Array(n);
    for (const r of replies) {
      for (let k = 0; k < out.length; k++) out[k] += (r.out as Float64Array)[k];
      for (let k = 0; k < n; k++) sums[k] += (r.sums as Float64Array)[k];
    }
    return { out, sums };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
