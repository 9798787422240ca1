/**
 * The figure of docs/guide/jko.md: error against the step a, log–log, of the three time
 * schemes of the exact 1D JKO on the OU flow (KL to N(0.5, 1/1.5) from N(−1, 0.5), W2 of the
 * moments against the law at t = 1). Lines: the exact iterates of each time scheme
 * (ouIterates, closed form); dots: `jko-quantile-1d` itself with n = 2000 cells, which lie on
 * them (the cells' own error in the moments is ≤ 5e-6 here).
 * `npx tsx scripts/timeSchemesFigure.ts` rewrites docs/guide/figures/time-schemes.svg; a test
 * regenerates it and fails when the checked-in file differs.
 */
import * as Plot from "@observablehq/plot";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { matrix } from "../src/core/matrix.js";
import { type TimeScheme, ouIterates, ouLaw } from "../src/diagnostics/ou.js";
import { kl } from "../src/energies/internal.js";
import { quadratic } from "../src/energies/potential.js";
import { flow } from "../src/flow/flow.js";
import { gaussian } from "../src/measures/construct.js";
import { momentsOf, w2SquaredGaussian } from "../src/ot/gaussian.js";
import { plotToSvg } from "../src/plot/render.js";
import { key } from "../src/random/key.js";
import { jkoQuantile1d } from "../src/schemes/jkoQuantile1d.js";

export const FIGURE = join(
  import.meta.dirname,
  "..",
  "docs",
  "guide",
  "figures",
  "time-schemes.svg",
);
export const TIME_SCHEMES: readonly TimeScheme[] = ["jko", "midpoint", "bdf2"];
const A = matrix(1, 1, [1.5]);
const b = Float64Array.from([0.5]);
const initial = gaussian({ mean: [-1], cov: [[0.5]] });
const until = 1;
/** Steps that divide `until`: exact iterates on all of them, the scheme on the first three. */
export const STEPS = [0.2, 0.1, 0.05, 0.025, 0.0125];

export interface ErrorRow {
  time: TimeScheme;
  a: number;
  error: number;
  source: "exact iterates" | "jko-quantile-1d";
}

export async function timeSchemeErrors(): Promise<ErrorRow[]> {
  const law = ouLaw(A, b, initial, until);
  const rows: ErrorRow[] = [];
  for (const time of TIME_SCHEMES)
    for (const a of STEPS) {
      const exact = ouIterates(A, b, a, initial, time)(Math.round(until / a));
      rows.push({
        time,
        a,
        error: Math.sqrt(w2SquaredGaussian(exact, law)),
        source: "exact iterates",
      });
      if (a < 0.05) continue;
      const run = await flow({
        energy: kl(quadratic({ A: [[1.5]], b: [0.5] })),
        initial,
        scheme: jkoQuantile1d({ n: 2000, time }),
        dt: a,
        until,
        key: key(0),
      });
      const m = momentsOf(run.final.measure);
      rows.push({
        time,
        a,
        error: Math.sqrt(w2SquaredGaussian(m, law)),
        source: "jko-quantile-1d",
      });
    }
  return rows;
}

export function timeSchemesSvg(rows: readonly ErrorRow[]): string {
  const label = (r: ErrorRow) =>
    ({ jko: "JKO (order 1)", midpoint: "midpoint (order 2)", bdf2: "BDF2 (order 2)" })[r.time];
  const data = rows.map((r) => ({ ...r, scheme: label(r) }));
  return plotToSvg({
    title: "OU in 1D: W2 to the law at t = 1 against the step",
    subtitle: "lines: exact iterates of each time scheme; dots: jko-quantile-1d, n = 2000",
    width: 560,
    height: 340,
    grid: true,
    marginLeft: 64,
    x: { label: "step a", type: "log", tickFormat: "~g" },
    y: { label: "W2 error", type: "log", tickFormat: "~e" },
    color: { domain: ["JKO (order 1)", "midpoint (order 2)", "BDF2 (order 2)"] },
    marks: [
      Plot.line(
        data.filter((r) => r.source === "exact iterates"),
        { x: "a", y: "error", stroke: "scheme" },
      ),
      Plot.dot(
        data.filter((r) => r.source === "jko-quantile-1d"),
        { x: "a", y: "error", stroke: "scheme", r: 4 },
      ),
      // labels above each line (the flattened SVG drops Plot's legend)
      Plot.text(
        data.filter((r) => r.source === "exact iterates" && r.a === 0.025),
        { x: "a", y: "error", text: "scheme", fill: "scheme", dy: -14, textAnchor: "middle" },
      ),
    ],
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await timeSchemeErrors();
  writeFileSync(FIGURE, timeSchemesSvg(rows));
  for (const r of rows) console.log(r.time, r.a, r.source, r.error.toExponential(3));
  console.log(`wrote ${FIGURE}`);
}
