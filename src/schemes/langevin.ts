/**
 * Langevin particles (Euler–Maruyama) for F = ∫V dρ + ½∬W dρdρ + σ∫ρ log ρ:
 *   x ← x + dt·v(x) + √(2σ·dt)·ξ,   v = −∇V − ∇W∗ρ_N.
 * The entropy is carried by the noise, so σ is read off the energy. MALA accepts each
 * proposal with probability min(1, π(y)q(x|y)/(π(x)q(y|x))), π ∝ e^{−V/σ}, which removes the
 * O(dt) bias of the stationary law; it needs a fixed target (potentials and the entropy).
 */
import { z } from "zod";
import type { Energy, PotentialTerm } from "../energies/types.js";
import { transportVelocity } from "../energies/velocity.js";
import { normal, uniform } from "../random/sample.js";
import { foldIn, type Key } from "../random/key.js";
import type { Particles } from "../measures/types.js";
import { defineScheme } from "./entry.js";
import { type ParticleState, advance, initialParticles, particleParams } from "./particleState.js";
import { type Supports, anyMeasure } from "./support.js";
import type { Scheme } from "./types.js";

const params = z.object(particleParams(1000)).strict();
export type LangevinOptions = z.input<typeof params>;

const langevinSupports: Supports = {
  terms: ["potential", "interaction", "singular-interaction", "entropy"],
  measures: anyMeasure,
  how: { entropy: "as noise √(2σ dt)" },
  note: "entropy coefficient ≥ 0",
  check: (_, parts) =>
    parts.entropy < 0 ? "a negative entropy coefficient is not a diffusion" : undefined,
};

const malaSupports: Supports = {
  terms: ["potential", "entropy"],
  needs: ["entropy"],
  measures: anyMeasure,
  how: { entropy: "as noise, with a Metropolis test: no O(dt) bias" },
  note: "entropy coefficient > 0 (the target e^{−V/σ})",
  check: (_, parts) => (parts.entropy > 0 ? undefined : "MALA needs σ > 0 (the target e^{−V/σ})"),
};

const explicitAdvice = (h: number): string =>
  `the explicit step is stable only while dt·L < 2 (L: Lipschitz constant of the drift on the particles' range); ` +
  `try dt ≤ ${(h / 4).toPrecision(2)}`;

function langevinScheme(
  name: string,
  p: z.infer<typeof params>,
  supports: Supports,
  mala: boolean,
): Scheme<ParticleState> {
  return {
    name,
    stochastic: true,
    supports,
    init: (problem, k) => initialParticles(problem, p.n, k, p.start),
    step(state, { problem, parts, dt: h, key }) {
      const x0 = state.measure;
      const sigma = parts.entropy;
      const v = transportVelocity(problem.energy, x0);
      const x = new Float64Array(x0.x.length);
      const noise = sigma > 0 ? normal(key, x.length) : undefined;
      const amp = Math.sqrt(2 * sigma * h);
      for (let i = 0; i < x.length; i++) x[i] = x0.x[i] + h * v[i] + (noise ? amp * noise[i] : 0);
      if (mala) metropolisAdjust(problem.energy, parts.potentials, x0, x, h, sigma, key);
      return advance(state, x, h);
    },
    divergenceAdvice: explicitAdvice,
  };
}

export const langevinEntry = defineScheme({
  name: "langevin",
  summary: "Euler–Maruyama particles: drift −∇V − ∇W∗ρ, the entropy as noise",
  family: "particle",
  params,
  supports: langevinSupports,
  make: (p) => langevinScheme("langevin", p, langevinSupports, false),
});

export const malaEntry = defineScheme({
  name: "mala",
  summary: "Metropolis-adjusted Langevin: no O(dt) bias in the stationary law of e^{−V/σ}",
  family: "particle",
  params,
  supports: malaSupports,
  make: (p) => langevinScheme("mala", p, malaSupports, true),
});

export const langevin = (o: LangevinOptions = {}) => langevinEntry.create(o);
export const mala = (o: LangevinOptions = {}) => malaEntry.create(o);

/** V(x) = Σ scale·V_t(x) over the potential terms. */
function potentialAt(potentials: readonly PotentialTerm[], x: Float64Array): number {
  let s = 0;
  for (const t of potentials) s += t.scale * t.value(x);
  return s;
}

/**
 * Accepts or rejects each proposal y_i (written in place over x) against the current p:
 * log α = −(V(y) − V(x))/σ − (|x − y − h v(y)|² − |y − x − h v(x)|²)/(4σh).
 */
function metropolisAdjust(
  f: Energy,
  potentials: readonly PotentialTerm[],
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
      -(potentialAt(potentials, yi) - potentialAt(potentials, xi)) / sigma -
      (backward - forward) / (4 * sigma * h);
    if (!(Math.log(u[i]) < logAlpha)) yi.set(xi);
  }
}
