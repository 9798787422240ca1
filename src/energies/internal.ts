/** Internal energies ∫ U(ρ) dx, and KL to an unnormalised target. */
import { ConfigError } from "../core/errors.js";
import { potential } from "./potential.js";
import { sum } from "./combine.js";
import type { Energy, InternalTerm } from "./types.js";

/** ∫ ρ log ρ dx. */
export function entropy(): Energy {
  return {
    terms: [
      { type: "internal", name: "entropy", scale: 1, u: (r) => (r > 0 ? r * Math.log(r) : 0) },
    ],
  };
}

/** ∫ ρ^m/(m − 1) dx, m > 1: the porous medium ∂tρ = Δρ^m. */
export function porousMedium(m: number): Energy {
  if (!(m > 1) || !Number.isFinite(m))
    throw new ConfigError(
      `porous medium needs m > 1, got ${m}`,
      "use m = 2 (or entropy() for m → 1)",
    );
  return { terms: [{ type: "internal", name: "porous", scale: 1, m, u: (r) => r ** m / (m - 1) }] };
}

/**
 * KL(ρ ‖ π) with π ∝ e^{log π}, up to the constant log Z: ∫ ρ log ρ + ∫ (−log π) dρ.
 * Give `logTarget` with its gradient, or a potential energy V (then π ∝ e^{−V}).
 */
export function kl(
  target:
    | {
        logTarget: (x: Float64Array) => number;
        gradLogTarget: (x: Float64Array, out: Float64Array) => void;
      }
    | Energy,
): Energy {
  if ("terms" in target) {
    if (target.terms.some((t) => t.type !== "potential"))
      throw new ConfigError(
        "kl(V) takes a potential energy",
        "pass energy.quadratic(...) or a logTarget",
      );
    return sum(entropy(), target);
  }
  const { logTarget, gradLogTarget } = target;
  const minusLog = potential({
    name: "-log-target",
    value: (x) => -logTarget(x),
    grad: (x, out) => {
      gradLogTarget(x, out);
      for (let i = 0; i < out.length; i++) out[i] = -out[i];
    },
  });
  return sum(entropy(), minusLog);
}

/**
 * Σ κ·ρU''(ρ) over internal terms: the diffusivity of ∇·(ρ∇U'(ρ)) = ∇·(ρU''(ρ)∇ρ), and the
 * factor that turns the score into ∇U'(ρ) — κ for the entropy, κmρ^{m−1} for the porous medium.
 */
export function internalDiffusivity(terms: readonly InternalTerm[], rho: number): number {
  let f = 0;
  for (const t of terms)
    f +=
      t.name === "entropy"
        ? t.scale
        : t.scale * (t.m as number) * Math.max(rho, 0) ** ((t.m as number) - 1);
  return f;
}
