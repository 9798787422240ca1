/**
 * The MMD flow towards target samples (Arbel, Korba, Salim & Gretton 2019): explicit Euler on
 * the energy of energies/mmd.ts, optionally with noise injection — the witness gradient is
 * evaluated at x_i + β_k u_i, u_i ~ N(0, I), β_k = noise/√(k + 1) — which helps the flow out
 * of the spurious stationary points that plain MMD descent gets stuck in.
 */
import { ConfigError } from "../core/errors.js";
import { transportVelocity, transportVelocityAt } from "../energies/velocity.js";
import { normal } from "../random/sample.js";
import { type ParticleState, advance, initialParticles } from "./particleState.js";
import type { Scheme } from "./types.js";

export interface MmdFlowOptions {
  dt: number;
  n?: number;
  /** β₀ of the noise injection (0: plain MMD descent). */
  noise?: number;
}

export function mmdFlow(options: MmdFlowOptions): Scheme<ParticleState> {
  const { dt, n = 500, noise = 0 } = options;
  if (!(dt > 0) || !Number.isFinite(dt))
    throw new ConfigError(`mmd-flow: dt must be > 0, got ${dt}`);
  if (!(noise >= 0)) throw new ConfigError(`mmd-flow: noise must be ≥ 0, got ${noise}`);
  return {
    name: "mmd-flow",
    dt,
    stochastic: noise > 0,
    unsupported(problem) {
      const internal = problem.energy.terms.find((t) => t.type === "internal");
      return internal ? `the MMD flow has no internal energy ("${internal.name}")` : undefined;
    },
    init: (problem, k) => initialParticles(problem, n, k),
    step(state, { problem, dt: h, key }) {
      const p = state.measure;
      const { d } = p;
      let v: Float64Array;
      if (noise > 0) {
        const beta = noise / Math.sqrt(state.step + 1);
        const u = normal(key, p.x.length);
        v = new Float64Array(p.x.length);
        const y = new Float64Array(d);
        const out = new Float64Array(d);
        for (let i = 0; i < p.n; i++) {
          for (let a = 0; a < d; a++) y[a] = p.x[i * d + a] + beta * u[i * d + a];
          transportVelocityAt(problem.energy, p, y, out);
          v.set(out, i * d);
        }
      } else v = transportVelocity(problem.energy, p);
      const x = new Float64Array(p.x.length);
      for (let i = 0; i < x.length; i++) x[i] = p.x[i] + h * v[i];
      return advance(state, x, h);
    },
    divergenceAdvice: (h) => `the MMD flow is explicit: try dt ≤ ${(h / 4).toPrecision(2)}`,
  };
}
