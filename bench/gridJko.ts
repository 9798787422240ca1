/**
 * The two 2D grid solvers on the 2D Barenblatt solution of ∂tρ = Δρ² (t = 0.5 → 2.5, box
 * [−3, 3]²): L1 error to the exact profile and wall time, finite volumes (explicit, CFL
 * sub-steps) against the entropic JKO step (implicit, blur ε/(4τ)) over n, τ and ε.
 * Run: npx tsx bench/gridJko.ts
 */
import { barenblattSolution } from "../src/diagnostics/barenblatt.js";
import { porousMedium } from "../src/energies/internal.js";
import { flow } from "../src/flow/flow.js";
import { grid } from "../src/measures/construct.js";
import type { Grid } from "../src/measures/types.js";
import { key } from "../src/random/key.js";
import { entropicJko2d } from "../src/schemes/entropicJko2d.js";
import { finiteVolume2d } from "../src/schemes/finiteVolume2d.js";
import type { Scheme } from "../src/schemes/types.js";
import { machine, updateBenchmarksDoc, writeResults } from "./common.js";

const exact = barenblattSolution(2, 2);
const [t0, t1] = [0.5, 2.5];

async function run(n: number, scheme: Scheme, dt: number) {
  const box = {
    lower: [-3, -3] as [number, number],
    upper: [3, 3] as [number, number],
    shape: [n, n] as [number, number],
  };
  const start = performance.now();
  const result = await flow({
    energy: porousMedium(2),
    initial: grid({ ...box, density: (x) => exact(t0, x) }),
    scheme,
    dt,
    until: t1 - t0,
    key: key(0),
  });
  const seconds = (performance.now() - start) / 1000;
  const truth = grid({ ...box, density: (x) => exact(t1, x) });
  const h = 6 / n;
  const l1 =
    (result.final.measure as Grid).density.reduce(
      (s, v, k) => s + Math.abs(v - truth.density[k]),
      0,
    ) *
    h *
    h;
  return { status: result.status, seconds, l1 };
}

const rows: Record<string, string | number>[] = [];
for (const n of [48, 96]) {
  const h = 6 / n;
  for (const order of [1, 2] as const) {
    const r = await run(n, finiteVolume2d({ order }), 0.25);
    rows.push({ n, scheme: `finite volumes, order ${order}`, tau: "CFL", epsilon: "–", ...r });
    console.log(rows[rows.length - 1]);
  }
  for (const [tau, factor] of [
    [0.25, 2],
    [0.25, 1],
    [0.5, 1],
    [0.1, 1],
  ]) {
    const r = await run(n, entropicJko2d({ epsilon: factor * h * h }), tau);
    rows.push({ n, scheme: "entropic JKO", tau, epsilon: `${factor}h²`, ...r });
    console.log(rows[rows.length - 1]);
  }
}
const info = machine();
writeResults("grid-jko", { machine: info, rows });
const f = (v: unknown) => (typeof v === "number" ? v.toPrecision(3) : String(v));
updateBenchmarksDoc(
  "grid-jko",
  `## Grid solvers on the 2D Barenblatt solution\n\n${info.date.slice(0, 10)}, ${info.cpu}, Node ${info.node}; ∂tρ = Δρ² from the exact profile at t = 0.5 to t = 2.5 on [−3, 3]², one run each. ` +
    "The entropic JKO error at 48² is dominated by its blur, a diffusion ε/(4τ): it falls with ε and rises as τ shrinks at fixed ε; at 96² with ε = h² the O(τ) JKO error (τ = 0.5: 0.051) and the kernel's resolution on the grid take over. Its cost grows like 1/ε (iterations) × n³ (separable kernel); the second-order finite volumes are 4–15× more accurate at 1/15–1/40 of the cost. " +
    "`npx tsx bench/gridJko.ts` regenerates this table.\n\n" +
    "| cells | scheme | τ | ε | L1 to exact | wall s |\n| --- | --- | --- | --- | --- | --- |\n" +
    rows
      .map(
        (r) => `| ${r.n}² | ${r.scheme} | ${r.tau} | ${r.epsilon} | ${f(r.l1)} | ${f(r.seconds)} |`,
      )
      .join("\n"),
);
