/** Worker side of the pair-sum pool: one row range of one pair sum per message. */
import { parentPort } from "node:worker_threads";
import { type PairKind, pairSums } from "./pairSums.js";

interface Job {
  id: number;
  kind: PairKind;
  x: Float64Array;
  n: number;
  d: number;
  scale: number;
  rowStart: number;
  rowEnd: number;
}

parentPort?.on("message", (job: Job) => {
  const r = pairSums(job.kind, job.x, job.n, job.d, job.scale, job.rowStart, job.rowEnd);
  const reply = r
    ? { id: job.id, out: r.out, sums: r.sums }
    : { id: job.id, out: null, sums: null };
  parentPort?.postMessage(
    reply,
    r ? [r.out.buffer as ArrayBuffer, r.sums.buffer as ArrayBuffer] : [],
  );
});
