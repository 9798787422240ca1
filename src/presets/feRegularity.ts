/**
 * Seed 000, example 2: KL to N(0, 1) from ρ0 ∝ e^{−Huber(x)} (C¹, not C²). Forward Euler with
 * the a.e. score keeps [−1, 1] fixed and squeezes the tails: the density jumps at ±1, vacuum
 * gaps open, the tails steepen geometrically and the KL diverges (closed form:
 * diagnostics/forwardEulerExact.ts). The run itself is the exact 1D JKO with the same step,
 * which converges; the exact OU flow (ρ0 convolved, by quadrature) is the reference, and the
 * particle forward Euler (Lagrangian score) is run alongside to show where it stops.
 */
import { z } from "zod";
import { huberIterates } from "../diagnostics/forwardEulerExact.js";
import { sum } from "../energies/combine.js";
import { entropy } from "../energies/internal.js";
import { quadratic } from "../energies/potential.js";
import { quantile1d } from "../measures/construct.js";
import type { Measure } from "../measures/types.js";
import { energyParts } from "../energies/parts.js";
import { foldIn } from "../random/key.js";
import { forwardEuler } from "../schemes/forwardEuler.js";
import type { ParticleState } from "../schemes/particleState.js";
import { ConfigError } from "../core/errors.js";
import { coordinates1d } from "./metrics.js";
import { definePreset } from "./types.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * KL(ρ ‖ N(0,1)) of the quantile values v_i at levels (i + ½)/n: ρ piecewise constant on cells
 * of mass 1/n between midpoints, the end cells mirrored outwards (as the JKO scheme's own
 * boundaries are), second moments exact per cell. Bias at n = 2000 on ρ0: 2e-3, from the
 * Huber tails beyond the end cells.
 */
export function klOfSortedPoints(v: ArrayLike<number>): number {
  const n = v.length;
  let kl = 0;
  for (let i = 0; i < n; i++) {
    const lo = i === 0 ? v[0] - 0.5 * (v[1] - v[0]) : 0.5 * (v[i - 1] + v[i]);
    const hi = i === n - 1 ? v[n - 1] + 0.5 * (v[n - 1] - v[n - 2]) : 0.5 * (v[i] + v[i + 1]);
    if (!(hi > lo)) continue;
    const secondMoment = (lo * lo + lo * hi + hi * hi) / 3;
    kl += (Math.log(1 / (n * (hi - lo))) + 0.5 * secondMoment + HALF_LOG_2PI) / n;
  }
  return kl;
}

/** The exact OU flow from ρ0: ρ_t = law of e^{−t}X + √(1 − e^{−2t})Z, by quadrature on a grid. */
function ouFlowFrom(logDensity0: (x: number) => number) {
  const lo = -12;
  const cells = 2400;
  const h = 24 / cells;
  const xs = Float64Array.from({ length: cells }, (_, i) => lo + (i + 0.5) * h);
  const rho0 = Float64Array.from(xs, (x) => Math.exp(logDensity0(x)));
  const z = rho0.reduce((s, v) => s + v, 0) * h;
  for (let i = 0; i < cells; i++) rho0[i] /= z;
  const cache = new Map<number, Float64Array>();
  const at = (t: number): Float64Array => {
    const hit = cache.get(t);
    if (hit) return hit;
    const out = new Float64Array(cells);
    const c = Math.exp(-t);
    const s2 = 1 - c * c;
    for (let i = 0; i < cells; i++) {
      let acc = 0;
      for (let j = 0; j < cells; j++)
        acc += rho0[j] * Math.exp(-((xs[i] - c * xs[j]) ** 2) / (2 * s2));
      out[i] = (acc * h) / Math.sqrt(2 * Math.PI * s2);
    }
    cache.set(t, out);
    return out;
  };
  return {
    pdf: (t: number) => (x: number) => {
      if (t === 0) return Math.exp(logDensity0(x)) / z;
      const i = Math.floor((x - lo) / h);
      return i < 0 || i >= cells ? 0 : at(t)[i];
    },
    kl(t: number): number {
      const r = t === 0 ? rho0 : at(t);
      let kl = 0;
      for (let i = 0; i < cells; i++)
        if (r[i] > 0) kl += r[i] * (Math.log(r[i]) + 0.5 * xs[i] * xs[i] + HALF_LOG_2PI) * h;
      return kl;
    },
  };
}

export const feRegularityPreset = definePreset({
  name: "fe-regularity",
  summary:
    "Forward Euler loses two derivatives per step: KL to N(0,1) from a Huber density diverges under FE, converges under JKO with the same step (seed 000, example 2)",
  source: "seed 000, example 2",
  params: z
    .object({
      n: z
        .number()
        .int()
        .min(100)
        .max(100_000)
        .default(2000)
        .describe("quantile levels of the start and particles of the forward Euler run beside it"),
    })
    .strict(),
  // One step h for both forward Euler and JKO (the closed forms need h < 1); 30 steps.
  time: { dt: 0.2, until: 6, save_every: 0.2 },
  scheme: { name: "jko-quantile-1d", params: { n: 2000 } },
  build(p, { key, time }) {
    const h = time.dt;
    const steps = Math.round(time.until / h);
    if (!(h < 1) || Math.abs(steps * h - time.until) > 1e-9 * time.until)
      throw new ConfigError(
        `fe-regularity needs dt < 1 and until a whole number of steps (dt = ${h}, until = ${time.until})`,
        "e.g. --set dt=0.2 --set until=6",
      );
    const fe = huberIterates(h);
    // The mesh of the particle run is exactly ρ0's quantiles at its own levels (i + ½)/n.
    const initial = quantile1d(
      Float64Array.from({ length: p.n }, (_, i) => fe.quantile0((i + 0.5) / p.n)),
    );
    const energy = sum(quadratic({ A: [[1]], b: [0] }), entropy());
    const ou = ouFlowFrom(fe.logDensity0);
    // The particle forward Euler on the same problem, run to its end (a fold or the last step).
    // The particle forward Euler beside the run (its own deterministic mesh; no noise).
    const scheme = forwardEuler({ n: p.n, score: "lagrangian" });
    const problem = { energy, initial };
    const parts = energyParts(energy);
    let state: ParticleState = scheme.init(problem, key);
    const particleKl = [klOfSortedPoints(state.measure.x)];
    let haltedAt: number | null = null;
    for (let k = 0; k < steps && haltedAt === null; k++) {
      state = scheme.step(state, { problem, parts, dt: h, key: foldIn(key, k), attempt: 0 });
      if (state.halt) haltedAt = state.step;
      else particleKl.push(klOfSortedPoints(state.measure.x));
    }
    const stepOf = (t: number) => Math.round(t / h);
    return {
      energy,
      initial,
      metrics: {
        "kl:scheme": (m: Measure) => klOfSortedPoints(coordinates1d(m)),
        "kl:fe-exact": (_m: Measure, t: number) => fe.kl(stepOf(t)),
        "kl:fe-particles": (_m: Measure, t: number) => particleKl[stepOf(t)] ?? NaN,
        "kl:exact-flow": (_m: Measure, t: number) => ou.kl(t),
        "fe-gap-end": (_m: Measure, t: number) => fe.tail(stepOf(t)).b,
      },
      events: () => ({
        fe_particles_halted_at_step: haltedAt,
        fe_exact_kl_final: fe.kl(steps),
        fe_exact_tail_slope_final: fe.tail(steps).a,
      }),
      problem: {
        target: "N(0, 1)",
        initial: "∝ exp(−Huber(x)), Huber(x) = x²/2 (|x| ≤ 1), |x| − ½ (|x| > 1)",
        fe_map: "[−1, 1] fixed; tails z ↦ (1−h)z + h·a_k",
      },
      view: {
        range: [-5, 5],
        bins: 120,
        references: [
          {
            label: `forward Euler (exact), step ${Math.min(steps, 6)}`,
            pdf: (x) => fe.pdf(Math.min(steps, 6), x),
          },
          { label: "exact flow, final t", pdf: ou.pdf(time.until) },
        ],
      },
    };
  },
});
