/**
 * Langevin particles (Euler–Maruyama) for F = ∫V dρ + ½∬W dρdρ + σ∫ρ log ρ:
 *   x ← x + dt·v(x) + √(2σ·dt)·ξ,   v = −∇V − ∇W∗ρ_N.
 * The entropy is carried by the noise, so σ is read off the energy.
 */
import { ConfigError } from "../core/errors.js";
import { entropyCoefficient } from "../energies/types.js";
import { transportVelocity } from "../energies/velocity.js";
import { normal, uniform } from "../random/sample.js";
import { foldIn, type Key } from "../random/key.js";
import type { Particles } from "../measures/types.js";
import type { Energy } from "../energies/types.js";
import { type ParticleState, advance, initialParticles } from "./particleState.js";
import type { Scheme } from "./types.js";

export interface LangevinOptions {
  dt: number;
  /** Particles drawn from the initial measure when it is not already particles. */
  n?: number;
  /**
   * Metropolis-adjusted (MALA): accept each proposal with probability
   * min(1, π(y)q(x|y)/(π(x)q(y|x))), π ∝ e^{−V/σ}, which removes the O(dt) bias of the
   * stationary law. Needs a fixed target: potential terms and the entropy only.
   */
  mala?: boolean;
}

export function langevin(options: LangevinOptions): Scheme<ParticleState> {
  const { dt, n = 1000, mala = false } = options;
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
      if (mala && problem.energy.terms.some((t) => t.type === "interaction"))
        return "MALA needs a fixed target e^{−V/σ}; an interaction makes the target move with ρ";
      if (mala && !(entropyCoefficient(problem.energy) > 0))
        return "MALA needs an entropy term (the target e^{−V/σ} needs σ > 0)";
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
      if (mala) metropolisAdjust(problem.energy, p, x, h, sigma, key);
      return advance(state, x, h);
    },
    divergenceAdvice: (h) =>
      `the explicit step is stable only while dt·L < 2 (L: Lipschitz constant of the drift on the particles' range); ` +
      `try dt ≤ ${(h / 4).toPrecision(2)}`,
  };
}

/** V(x) = Σ scale·V_t(x) over the potential terms. */
function potentialAt(f: Energy, x: Float64Array): number {
  let s = 0;
  for (const t of f.terms) if (t.type === "potential") s += t.scale * t.value(x);
  return s;
}

/**
 * Accepts or rejects each proposal y_i (written in place over x) against the current p:
 * log α = −(V(y) − V(x))/σ − (|x − y − h v(y)|² − |y − x − h v(x)|²)/(4σh).
 */
function metropolisAdjust(
  f: Energy,
  p: Particles,
  proposal: Float64Array,
  h: number,
  sigma: number,
  key: Key,
): void {
  const { n, d } = p;
  const proposed: Particles = { kind: "particles", n, d, x: proposal };
  const vx = transportVelocity(f, p);
  const vy = transportVelocity(f, proposed);
  const u = uniform(foldIn(key, 1), n);
  for (let i = 0; i < n; i++) {
    const xi = p.x.subarray(i * d, (i + 1) * d);
    const yi = proposal.subarray(i * d, (i + 1) * d);
    let forward = 0;
    let backward = 0;
    for (let a = 0; a < d; a++) {
      forward += (yi[a] - xi[a] - h * vx[i * d + a]) ** 2;
      backward += (xi[a] - yi[a] - h * vy[i * d + a]) ** 2;
    }
    const logAlpha =
      -(potentialAt(f, yi) - potentialAt(f, xi)) / sigma - (backward - forward) / (4 * sigma * h);
    if (!(Math.log(u[i]) < logAlpha)) yi.set(xi);
  }
}
