/**
 * Seed 001's porous-medium experiment (§4.3: m = 2, C = (3/16)^{1/3} — mass 2 — from t0 = 0.002,
 * JKO step a = 0.001) by the neural JKO on particles, first order against the midpoint rule:
 * W2 to the exact Barenblatt profile at t = 0.01, 0.02 and 0.05, beside each time scheme's exact
 * iterates (the Barenblatt family is closed under both, so they are closed form). The
 * barenblatt-neural preset's networks and training (affine T, J1 = 1000, cosine tail) with the
 * fixed J1 (scheme.stop=cap, the preset's default when this table was measured), its
 * quantile start of 10⁴ particles.
 *   npx tsx bench/neuralBarenblattMidpoint.ts
 */
import { runExperiment } from "../src/config/run.js";
import { resolveRunConfig } from "../src/config/runConfig.js";
import { machine, updateBenchmarksDoc, writeResults } from "./common.js";

const TIMES = [0.01, 0.02, 0.05];
const seed = ["normalize=false", "t0=0.002", "dt=0.001", "scheme.n=10000"];
const rows = [];
for (const time of ["jko", "midpoint"] as const) {
  const config = resolveRunConfig(
    "barenblatt-neural",
    [...seed, `until=${TIMES.at(-1)}`, "save_every=0.01", `scheme.time=${time}`, "scheme.stop=cap"],
    0,
  );
  // CPU time of this one-threaded process: wall time moves with whatever shares the machine
  const cpu = process.cpuUsage();
  const { result } = await runExperiment(config);
  const used = process.cpuUsage(cpu);
  const seconds = (used.user + used.system) / 1e6;
  const { t, metrics } = result.history;
  const at = (name: string) =>
    TIMES.map((s) => metrics[name][t.findIndex((u) => Math.abs(u - s) < 1e-9)]);
  const toProfile = at("w2:pde");
  const toIterate = at("w2:jko-exact");
  const floor = at("w2:jko-vs-pde");
  const row = {
    time,
    status: result.status,
    retried: result.retries,
    seconds,
    times: TIMES,
    w2_to_profile: toProfile,
    w2_to_own_exact_iterate: toIterate,
    exact_iterate_to_profile: floor,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
const info = machine();
writeResults("neural-barenblatt-midpoint", { machine: info, rows });
const e = (v: number) => v.toExponential(2);
updateBenchmarksDoc(
  "neural-barenblatt-midpoint",
  `## Seed 001's porous-medium experiment by the neural JKO: first order against the midpoint rule\n\n${info.date.slice(0, 10)}, ${info.cpu}, ${info.cores} cores, Node ${info.node}; seed 001 §4.3 as stated there: m = 2, C = (3/16)^{1/3} (mass 2), t0 = 0.002, a = 0.001; the barenblatt-neural preset's networks and training (affine T, J1 = 1000 with \`scheme.stop=cap\`, rate 0.002 with the cosine tail, M = 500), 10⁴ particles at the initial quantiles. W2 to the exact Barenblatt profile and to the time scheme's own exact iterate (closed form in the Barenblatt family). \`npx tsx bench/neuralBarenblattMidpoint.ts\` regenerates this table.\n\n` +
    `| time scheme | status | W2 to the exact profile at t = ${TIMES.join(" / ")} | its exact iterate to the profile | W2 to its exact iterate | CPU s per step |\n| --- | --- | --- | --- | --- | --- |\n` +
    rows
      .map(
        (r) =>
          `| ${r.time} | ${r.status} | ${r.w2_to_profile.map(e).join(" / ")} | ${r.exact_iterate_to_profile.map(e).join(" / ")} | ${r.w2_to_own_exact_iterate.map(e).join(" / ")} | ${(r.seconds / (TIMES.at(-1)! / 0.001)).toFixed(2)} |`,
      )
      .join("\n"),
);
