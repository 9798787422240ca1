/**
 * The interaction velocity v_i = −(1/N)Σ_j ∇W(x_i − x_j) side by side with the PyTorch peer
 * (../shared/peers/interaction.py, dense blocks on the CPU) in one run, same input, equal
 * threads: N = 10⁴, d = 2 and 3, the three kernels, on 1 and 2 threads; and the scaling in
 * N (10³ to 10⁵, Gaussian kernel, d = 2, one thread). Each ottoflow result is also checked
 * against the peer's velocity (max relative difference).
 * Run: npx tsx bench/interaction.ts [--quick]
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gaussianAttractionKernel, logKernel, ringKernel } from "../src/energies/interaction.js";
import { interactionVelocity } from "../src/energies/velocity.js";
import { decodeNpy, encodeNpy } from "../src/io/npy.js";
import { PairSumPool } from "../src/kernels/pool.js";
import { particles } from "../src/measures/construct.js";
import { key } from "../src/random/key.js";
import { normal } from "../src/random/sample.js";
import { median, machine, peer, time, updateBenchmarksDoc, writeResults } from "./common.js";

const quick = process.argv.includes("--quick");
const dir = mkdtempSync(join(tmpdir(), "ottoflow-interaction-"));
const kernels = { ring: ringKernel, gauss: gaussianAttractionKernel, log: logKernel } as const;
const kinds = { ring: "ring", gauss: "gauss", log: "log" } as const;
const pool = PairSumPool.create(2);

function input(n: number, d: number) {
  const x = normal(key(n + d), n * d);
  const path = join(dir, `x${n}_${d}.npy`);
  writeFileSync(path, encodeNpy(x, [n, d]));
  return { x, path };
}

function maxRelDiff(a: Float64Array, b: Float64Array): number {
  const scale = b.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
  return a.reduce((s, v, k) => Math.max(s, Math.abs(v - b[k])), 0) / scale;
}

async function timePool(
  kind: "ring" | "gauss" | "log",
  x: Float64Array,
  n: number,
  d: number,
  reps: number,
) {
  await pool.pairSums(kind, x, n, d);
  const all: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await pool.pairSums(kind, x, n, d);
    all.push(performance.now() - t0);
  }
  return median(all);
}

const rows: Record<string, unknown>[] = [];
const n = quick ? 2000 : 10_000;
for (const d of [2, 3])
  for (const name of ["ring", "gauss", "log"] as const) {
    const { x, path } = input(n, d);
    const p = particles(x, d);
    const vout = join(dir, `v_${name}_${d}.npy`);
    for (const threads of [1, 2]) {
      // Three rounds, the peer and ottoflow alternating, each a median of 5 runs: the ratio
      // is taken between the medians of the rounds, since this machine's speed drifts.
      const torchRounds: number[] = [];
      const torchFastest: number[] = [];
      const ourRounds: number[] = [];
      for (let round = 0; round < 3; round++) {
        const torch = peer("interaction.py", [
          "--x",
          path,
          "--kernel",
          name,
          "--threads",
          String(threads),
          "--reps",
          "5",
          ...(threads === 1 && round === 0 ? ["--out", vout] : []),
        ]);
        torchRounds.push(torch.ms_median);
        torchFastest.push(torch.ms_min);
        ourRounds.push(
          threads === 1
            ? time(() => interactionVelocity(kernels[name], p), 5).ms
            : await timePool(kinds[name], x, n, d, 5),
        );
      }
      const torch = { ms_median: median(torchRounds) };
      const ours = median(ourRounds);
      const row: Record<string, unknown> = {
        method: name === "ring" && threads === 1 ? "moments, O(N)" : "WASM SIMD pairs",
        kernel: name,
        n,
        d,
        threads,
        ottoflow_ms: ours,
        torch_ms: torch.ms_median,
        ratio: ours / torch.ms_median,
        torch_min_ms: Math.min(...torchFastest),
        ratio_vs_fastest: ours / Math.min(...torchFastest),
      };
      if (threads === 1) {
        const theirs = decodeNpy(readFileSync(vout)).data;
        row.max_rel_diff = maxRelDiff(interactionVelocity(kernels[name], p), theirs);
      }
      rows.push(row);
      console.log(row);
    }
  }

const scaling: Record<string, unknown>[] = [];
for (const m of quick ? [1000, 3000] : [1000, 10_000, 100_000]) {
  const { x, path } = input(m, 2);
  const p = particles(x, 2);
  const reps = m >= 100_000 ? 1 : 3;
  const torch = peer("interaction.py", [
    "--x",
    path,
    "--kernel",
    "gauss",
    "--threads",
    "1",
    "--reps",
    String(reps),
  ]);
  const ours = time(
    () => interactionVelocity(gaussianAttractionKernel, p),
    reps,
    m >= 100_000 ? 0 : 1,
  ).ms;
  const ring = time(() => interactionVelocity(ringKernel, p), 3).ms;
  scaling.push({
    n: m,
    ottoflow_ms: ours,
    torch_ms: torch.ms_median,
    ratio: ours / torch.ms_median,
    torch_min_ms: torch.ms_min,
    ratio_vs_fastest: ours / torch.ms_min,
    ring_ms: ring,
  });
  console.log(scaling[scaling.length - 1]);
}
await pool.close();

const info = machine();
writeResults("interaction", { machine: info, rows, scaling });
const f = (v: unknown, digits = 3) => (typeof v === "number" ? v.toPrecision(digits) : String(v));
updateBenchmarksDoc(
  "interaction",
  `## Interaction velocity vs PyTorch\n\n${info.date.slice(0, 10)}, ${info.cpu}, ${info.cores} cores, Node ${info.node}; x ~ N(0, I), float64, medians of 5 runs ` +
    "(three alternating rounds of 5 runs each, median of the rounds; the peer: dense row blocks; ottoflow: each pair once, WebAssembly SIMD, 2 threads = worker pool). `max rel diff` compares the velocities themselves. The peer's run times on this machine are bimodal (e.g. 270 or 630 ms for the same call, in separate runs), so the table gives both the ratio to its median and, conservatively, to its fastest run. `npx tsx bench/interaction.ts` regenerates this table; goal: ratio ≤ 0.5 at equal threads.\n\n" +
    "| kernel | N | d | threads | ottoflow method | ottoflow ms | PyTorch ms (median / fastest) | ratio to median | ratio to fastest | max rel diff |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n" +
    rows
      .map(
        (r) =>
          `| ${r.kernel} | ${r.n} | ${r.d} | ${r.threads} | ${r.method} | ${f(r.ottoflow_ms)} | ${f(r.torch_ms)} / ${f(r.torch_min_ms)} | ${f(r.ratio, 2)} | ${f(r.ratio_vs_fastest, 2)} | ${r.max_rel_diff === undefined ? "" : f(r.max_rel_diff, 2)} |`,
      )
      .join("\n") +
    "\n\nScaling in N (Gaussian kernel, d = 2, one thread; one run at 10⁵; last column: the ring kernel by moments):\n\n| N | ottoflow ms | PyTorch ms (median / fastest) | ratio to median | ratio to fastest | ottoflow ring ms |\n| --- | --- | --- | --- | --- | --- |\n" +
    scaling
      .map(
        (r) =>
          `| ${r.n} | ${f(r.ottoflow_ms)} | ${f(r.torch_ms)} / ${f(r.torch_min_ms)} | ${f(r.ratio, 2)} | ${f(r.ratio_vs_fastest, 2)} | ${f(r.ring_ms)} |`,
      )
      .join("\n"),
);
