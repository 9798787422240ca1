/** The playground: one energy, two schemes side by side, the W2 between them over time. */
import type { Measure } from "../../../src/measures/types.js";
import { playgroundSchemes } from "../../../src/presets/playground.js";
import { schemeNamed } from "../../../src/schemes/registry.js";
import { heatMap, message } from "../draw.js";
import { setCaption } from "../layer.js";
import { curves, density1d } from "../lines.js";
import { scatter } from "../scatter.js";
import type { Values } from "../controls.js";
import { type JobView, type Panel, latestState } from "./types.js";

const SCHEMES = playgroundSchemes;

const values = (v: Values, scheme: string) => ({
  dim: Number(v.dim),
  potential: v.potential,
  interaction: v.interaction,
  internal: v.internal,
  temperature: v.temperature,
  mean: v.mean,
  std: v.std,
  cells: 48,
  dt: v.dt,
  until: v.until,
  save_every: Math.max(Number(v.until) / 40, Number(v.dt)),
  // 400 particles or quantile cells, for the schemes that have a count
  ...("n" in schemeNamed(scheme).params.shape ? { "scheme.n": 400 } : {}),
});

/** The time a run reached, and how it ended if not well: said under the figure's title. */
function reached(job: JobView | undefined, label: string): string | undefined {
  const t = latestState(job)?.t;
  if (t === undefined) return undefined;
  const stopped = job?.status && job.status !== "ok" ? ` — ${job.status}` : "";
  return `${label} at t = ${Number(t.toPrecision(3))}${stopped}`;
}

function view(job: JobView | undefined, label: string): Element {
  if (job?.error) return message(`${label} cannot run: ${job.error}`);
  const m: Measure | undefined = latestState(job)?.measure;
  const title = `${label}: ${job?.scheme ?? ""}`;
  const caption = reached(job, label);
  if (!m || m.kind === "quantile1d" || m.d === 1)
    return density1d(m ? [{ name: label, measure: m }] : [], title, caption);
  if (m.kind === "grid") return heatMap(m, caption ? `${title}, ${caption}` : title);
  const figure = scatter(m.kind === "particles" ? m : undefined, { title });
  setCaption(figure, caption);
  return figure;
}

export const playgroundPanel: Panel = {
  id: "playground",
  title: "Playground",
  lead: "Choose an energy, a Gaussian start and two schemes; both run from the same seed and the curve shows the W2 distance between them over time. A scheme that cannot run the energy says why, and an unstable one stops with advice. Export a run as the zip of a run directory; `ottoflow show run.zip` reopens it with its report.",
  equation:
    "\\partial_t \\rho = \\nabla\\cdot\\Big(\\rho\\,\\nabla \\frac{\\delta \\mathcal F}{\\delta \\rho}\\Big)",
  guide: "documents/Choosing_a_scheme.html",
  controls: [
    { kind: "select", name: "dim", label: "dimension", options: ["1", "2"], value: "1" },
    {
      kind: "select",
      name: "potential",
      label: "potential V",
      options: ["double-well", "quadratic", "quartic", "none"],
      value: "double-well",
    },
    {
      kind: "select",
      name: "interaction",
      label: "interaction W",
      options: ["none", "quadratic", "ring", "gaussian-attraction", "coulomb"],
      value: "none",
    },
    {
      kind: "select",
      name: "internal",
      label: "internal U",
      options: ["entropy", "porous", "none"],
      value: "entropy",
    },
    {
      kind: "range",
      name: "temperature",
      label: "weight of U",
      min: 0.05,
      max: 2,
      step: 0.05,
      value: 0.5,
    },
    { kind: "range", name: "mean", label: "start: mean", min: -2, max: 2, step: 0.1, value: 0.3 },
    { kind: "range", name: "std", label: "start: std", min: 0.05, max: 2, step: 0.05, value: 0.3 },
    { kind: "select", name: "a", label: "scheme A", options: SCHEMES, value: "jko-quantile-1d" },
    { kind: "select", name: "b", label: "scheme B", options: SCHEMES, value: "langevin" },
    { kind: "range", name: "dt", label: "step", min: 0.001, max: 0.1, step: 0.001, value: 0.01 },
    {
      kind: "range",
      name: "until",
      label: "time",
      min: 0.1,
      max: 5,
      step: 0.1,
      value: 2,
      time: true,
    },
  ],
  jobs: (v) => [
    {
      name: "A",
      preset: "playground",
      scheme: String(v.a),
      values: values(v, String(v.a)),
      seed: 0,
      metrics: [],
    },
    {
      name: "B",
      preset: "playground",
      scheme: String(v.b),
      values: values(v, String(v.b)),
      seed: 0,
      metrics: [],
    },
  ],
  actions: [
    { label: "Export A (zip)", job: "A" },
    { label: "Export B (zip)", job: "B" },
  ],
  draw({ jobs, distance, values: v }) {
    const d = distance ?? { t: [], w2: [], method: "" };
    // Each at its latest time, said under the title: a scheme that stopped early is not
    // compared with one that ran on as if they were at one time.
    const latest = (name: string) => {
      const job = jobs.get(name);
      const state = latestState(job);
      return state ? [{ name: `${name}: ${job?.scheme}`, measure: state.measure }] : [];
    };
    const oneD = [...latest("A"), ...latest("B")];
    const caption = ["A", "B"].flatMap((n) => reached(jobs.get(n), n) ?? []).join("; ");
    const errors = ["A", "B"].flatMap((n) => {
      const e = jobs.get(n)?.error;
      return e ? [message(`${n}: ${e}`)] : [];
    });
    const figures =
      oneD.length > 0 && oneD.every(({ measure: m }) => m.kind === "quantile1d" || m.d === 1)
        ? [...errors, density1d(oneD, "A and B, each at its latest time", caption)]
        : [view(jobs.get("A"), "A"), view(jobs.get("B"), "B")];
    return [
      ...figures,
      curves(
        { "W2(A, B)": { t: d.t, y: d.w2 } },
        `distance between the schemes (${d.method || "after both finish"})`,
        "W2",
        { tEnd: Number(v.until) },
      ),
    ];
  },
};
