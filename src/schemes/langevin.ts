/**
 * Langevin particles (Euler–Maruyama) for F = ∫V dρ + ½∬W dρdρ + σ∫ρ log ρ:
 *   x ← x + dt·v(x) + √(2σ·dt)·ξ,   v = −∇V − ∇W∗ρ_N.
 * The entropy is carried by the noise, so σ is read off the energy.
 */
import { ConfigError } from "../core/errors.js";
import { entropyCoefficient } from "../energies/types.js";
import { transportVelocity } from "../energies/velocity.js";
import { normal } from "../random/sample.js";
import { type ParticleState, advance, initialParticles } from "./particleState.js";
import type { Scheme } from "./types.js";

export interface LangevinOptions {
  dt: number;
  /** Particles drawn from the initial measure when it is not already particles. */
  n?: number;
}

export function langevin(options: LangevinOptions): Scheme<ParticleState> {
  const { dt, n = 1000 } = options;
  if (!(dt > 0) || !Number.isFinite(dt))
    throw new ConfigError(`langevin: dt must be > 0, got ${dt}`);
  return {
    name: "langevin",
    dt,
    stochastic: true,
    unsupported(problem) {
      const porous = problem.energy.terms.find(
        (t) => t.type === "internal" && t.name !== "entropy",
      );
      if (porous)
        return `Langevin dynamics carries only the entropy as noise, not "${porous.name}"`;
      if (entropyCoefficient(problem.energy) < 0)
        return "a negative entropy coefficient is not a diffusion";
      return undefined;
    },
    init: (problem, k) => initialParticles(problem, n, k),
    step(state, { problem, dt: h, key }) {
      const p = state.measure;
      const sigma = entropyCoefficient(problem.energy);
      const v = transportVelocity(problem.energy, p);
      const x = new Float64Array(p.x.length);
      const noise = sigma > 0 ? normal(key, x.length) : undefined;
      const amp = Math.sqrt(2 * sigma * h);
      for (let i = 0; i < x.length; i++) x[i] = p.x[i] + h * v[i] + (noise ? amp * noise[i] : 0);
      return advance(state, x, h);
    },
    divergenceAdvice: (h) =>
      `the explicit step is stable only while dt·L < 2 (L: Lipschitz constant of the drift on the particles' range); ` +
      `try dt ≤ ${(h / 4).toPrecision(2)}`,
  };
}
