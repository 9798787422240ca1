/**
 * A first-order linear–quadratic mean-field game in 1D (seed 002 §7) solved by fictitious
 * play. Each agent, from x₀, picks a path on the time grid t_j = jΔ minimising
 *   Σ_{j<K} (x_{j+1} − x_j)²/(2Δ) + Σ_{0<j<K} Δ·(q/2)(x_j − s·m̄_j)² + (c/2)x_K²,
 * a kinetic cost, attraction (s > 0) or aversion (s < 0) to the crowd's mean path m̄, and a
 * terminal pull to 0. Its optimality conditions are one tridiagonal system,
 *   −x_{j−1} + (2 + Δ²q)x_j − x_{j+1} = Δ²q·s·m̄_j (0 < j < K),  −x_{K−1} + (1 + cΔ)x_K = 0,
 * shared by all agents. Fictitious play: best responses to the current belief m̄ᵏ, whose
 * mean path m̃ updates the belief by m̄ᵏ⁺¹ = m̄ᵏ + (m̃ − m̄ᵏ)/(k + 2). One scheme step is one
 * round; the measure is the agents' positions at the final time.
 */
import { z } from "zod";
import { NumericalError } from "../core/errors.js";
import { factorTridiagonal } from "../core/tridiagonal.js";
import type { GameTerm } from "../energies/types.js";
import type { Particles } from "../measures/types.js";
import { defineScheme } from "./entry.js";
import { initialParticles, particleParams } from "./particleState.js";
import { type Supports, anyMeasure } from "./support.js";
import type { Problem, Scheme, SchemeState } from "./types.js";

export interface MeanFieldGame {
  q: number;
  s: number;
  c: number;
  horizon: number;
  steps: number;
}

export interface FictitiousPlayState extends SchemeState {
  readonly measure: Particles;
  /** The agents' starting points (they never change). */
  readonly start: Float64Array;
  /** The belief about the crowd's mean path, m̄_0 … m̄_K. */
  readonly belief: Float64Array;
}

/** Solves the agents' tridiagonal system for many starts at once: paths[a][j]. */
export function bestResponses(
  game: MeanFieldGame,
  starts: ArrayLike<number>,
  belief: Float64Array,
) {
  const { q, s, c, horizon, steps: K } = game;
  const dt = horizon / K;
  // Unknowns x_1 … x_K (index j − 1); the matrix is factored once for every agent.
  const diag = new Float64Array(K).fill(2 + dt * dt * q);
  diag[K - 1] = 1 + c * dt;
  const off = new Float64Array(K - 1).fill(-1);
  const factor = factorTridiagonal(off, diag, off);
  if (!factor) throw new NumericalError("the agents' optimality system is singular");
  const rhs = new Float64Array(K);
  return Array.from(starts, (x0) => {
    for (let j = 1; j < K; j++) rhs[j - 1] = dt * dt * q * s * belief[j];
    rhs[K - 1] = 0;
    rhs[0] += x0; // the known x_0 moves to the right-hand side
    const x = new Float64Array(K + 1);
    x[0] = x0;
    x.set(factor.solve(rhs), 1);
    return x;
  });
}

/** The equilibrium mean path: the agents' system with the belief equal to its own mean. */
export function equilibriumMean(game: MeanFieldGame, startMean: number): Float64Array {
  return bestResponses(
    { ...game, q: game.q * (1 - game.s), s: 0 },
    [startMean],
    new Float64Array(game.steps + 1),
  )[0];
}

const params = z.object(particleParams(500)).strict();
export type FictitiousPlayOptions = z.input<typeof params>;

const supports: Supports = {
  terms: ["game"],
  needs: ["game"],
  measures: anyMeasure,
  dims: [1],
};

const gameOf = (problem: Problem): GameTerm => problem.energy.terms[0] as GameTerm;

/** The agents' final points along their paths. */
const terminal = (paths: Float64Array[], K: number): Particles => ({
  kind: "particles",
  n: paths.length,
  d: 1,
  x: Float64Array.from(paths, (p) => p[K]),
});

export const fictitiousPlayEntry = defineScheme({
  name: "fictitious-play",
  summary:
    "Fictitious play for a linear–quadratic mean-field game: best responses to the averaged belief, one round a step",
  family: "problem-specific",
  params,
  supports,
  make: ({ n, start: how }): Scheme<FictitiousPlayState> => ({
    name: "fictitious-play",
    stochastic: false,
    // Fictitious play is not a descent on one functional; rounds are reported as they come.
    descends: false,
    supports,
    init(problem, k) {
      const game = gameOf(problem);
      const start = initialParticles(problem, n, k, how).measure.x;
      // The first belief: the crowd stays where it starts.
      const mean = start.reduce((a, v) => a + v, 0) / start.length;
      const belief = new Float64Array(game.steps + 1).fill(mean);
      return {
        step: 0,
        t: 0,
        measure: terminal(bestResponses(game, start, belief), game.steps),
        start,
        belief,
      };
    },
    step(state, { problem, dt }) {
      const game = gameOf(problem);
      const K = game.steps;
      const paths = bestResponses(game, state.start, state.belief);
      const realised = new Float64Array(K + 1);
      for (const p of paths) for (let j = 0; j <= K; j++) realised[j] += p[j] / paths.length;
      const weight = 1 / (state.step + 2);
      const belief = Float64Array.from(state.belief, (b, j) => b + weight * (realised[j] - b));
      return {
        step: state.step + 1,
        t: state.t + dt,
        measure: terminal(bestResponses(game, state.start, belief), K),
        start: state.start,
        belief,
      };
    },
    /** The agents' mean cost when best-responding to the current belief. */
    energy(state, problem) {
      const game = gameOf(problem);
      const K = game.steps;
      const dt = game.horizon / K;
      const paths = bestResponses(game, state.start, state.belief);
      let total = 0;
      for (const x of paths) {
        for (let j = 0; j < K; j++) total += (x[j + 1] - x[j]) ** 2 / (2 * dt);
        for (let j = 1; j < K; j++)
          total += (dt * game.q * (x[j] - game.s * state.belief[j]) ** 2) / 2;
        total += (game.c * x[K] * x[K]) / 2;
      }
      return total / paths.length;
    },
    divergenceAdvice: () => "fictitious play diverged; use a smaller |s| or a longer horizon grid",
  }),
});

export const fictitiousPlay = (o: FictitiousPlayOptions = {}) => fictitiousPlayEntry.create(o);
