/**
 * The neural JKO on OU targets of three spectra per dimension, with the collapse guard judging
 * the dual's shape: the preset's own A (eigenvalues ≈ 1…4.6, target variances below 1), a
 * narrow target (variances 0.3…0.9) and a wide one (variances 1.05…1.95, where a guard on the
 * plain dual value stopped d = 32 at step 18). The seed's settings otherwise (as
 * bench/neuralOu.ts). Reports SymKL to the law and to the exact JKO iterate beside the JKO
 * floor, the steps retried and the status. Rows are kept per (d, spectrum), so dimensions can
 * be run one at a time. Run: npx tsx bench/neuralOuSpectra.ts [seed|narrow|wide …] [d …]
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runExperiment } from "../src/config/run.js";
import { resolveRunConfig } from "../src/config/runConfig.js";
import { ROOT, machine, updateBenchmarksDoc, writeResults } from "./common.js";

type Spectrum = "seed" | "narrow" | "wide";
const ranges: Record<Exclude<Spectrum, "seed">, [number, number]> = {
  narrow: [0.3, 0.9],
  wide: [1.05, 1.95],
};
const args = process.argv.slice(2);
const spectra = args.filter((a): a is Spectrum => a in ranges || a === "seed");
const dims = args.filter((a) => /^\d+$/.test(a)).map(Number);
const n = 100_000;
const NAME = "neural-ou-spectra";
/** The seed's Algorithm 1: J1 = 500 at a constant rate, a fresh Adam per step. */
const seedSteps = ["scheme.outer=500", "scheme.schedule=constant", "scheme.adam=fresh"];

/** Target variances evenly spread over the spectrum's range (in the preset's random basis). */
function variances(s: Spectrum, d: number): string[] {
  if (s === "seed") return [];
  const [lo, hi] = ranges[s];
  const v = Array.from({ length: d }, (_, i) => (d === 1 ? lo : lo + ((hi - lo) * i) / (d - 1)));
  return [`variances=[${v.map((x) => x.toFixed(4)).join(",")}]`];
}

const rows: Record<string, number | string>[] = [];
for (const d of dims.length ? dims : [2, 6, 12, 16, 32])
  for (const s of spectra.length ? spectra : (["seed", "narrow", "wide"] as const)) {
    const config = resolveRunConfig(
      "ou",
      [
        `dim=${d}`,
        `scheme.n=${n}`,
        "until=0.9",
        "save_every=0.9",
        ...variances(s, d),
        ...seedSteps,
      ],
      0,
      "neural-jko",
    );
    const t0 = performance.now();
    const { result: run } = await runExperiment(config);
    const last = (m: string) => run.history.metrics[m][run.history.t.length - 1];
    const row = {
      d,
      spectrum: s,
      status: run.status,
      t: run.final.t,
      log10_symkl: Math.log10(last("symkl:gaussian")),
      log10_symkl_jko: Math.log10(last("symkl:jko-exact")),
      log10_jko_floor: Math.log10(last("symkl:jko-vs-law")),
      floor: Math.log10((d + (d * (d + 1)) / 2) / n),
      retried: run.retries,
      seconds: (performance.now() - t0) / 1000,
    };
    rows.push(row);
    console.log(row);
  }

const file = join(ROOT, "bench", "results", `${NAME}.json`);
if (existsSync(file)) {
  const old = JSON.parse(readFileSync(file, "utf8")).rows as typeof rows;
  rows.push(...old.filter((r) => !rows.some((q) => q.d === r.d && q.spectrum === r.spectrum)));
}
const order = ["seed", "narrow", "wide"];
rows.sort(
  (p, q) =>
    Number(p.d) - Number(q.d) ||
    order.indexOf(String(p.spectrum)) - order.indexOf(String(q.spectrum)),
);
const info = machine();
writeResults(NAME, { machine: info, n, rows });
const f = (v: number | string) => (Number.isFinite(v) ? Number(v).toFixed(2) : "–");
updateBenchmarksDoc(
  NAME,
  `## Neural JKO on OU targets of three spectra (the collapse guard)\n\n${info.date.slice(0, 10)}, ${info.cpu}, Node ${info.node}; the seed's settings as in the first OU table (a = 0.05 to t = 0.9, J1 = 500, pool of ${n}), on the preset's own target (\`seed\`), a narrow one (target variances 0.3…0.9) and a wide one (1.05…1.95, \`--set variances=[…]\`). The guard judges the dual at its best constant offset (docs/reliability.md). log10 SymKL at the run's last time. \`npx tsx bench/neuralOuSpectra.ts\` regenerates this table.\n\n` +
    "| d | spectrum | status | log10 SymKL to the law | to the exact JKO iterate | JKO iterate to the law | sampling floor | steps retried | wall s |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n" +
    rows
      .map(
        (r) =>
          `| ${r.d} | ${r.spectrum} | ${r.status}${r.status === "ok" ? "" : ` at t = ${Number(r.t).toFixed(2)}`} | ${f(r.log10_symkl)} | ${f(r.log10_symkl_jko)} | ${f(r.log10_jko_floor)} | ${f(r.floor)} | ${r.retried} | ${Number(r.seconds).toFixed(0)} |`,
      )
      .join("\n"),
);
