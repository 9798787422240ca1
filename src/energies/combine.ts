/** Energies add and scale. */
import { ConfigError } from "../core/errors.js";
import type { Energy } from "./types.js";

export function sum(...energies: Energy[]): Energy {
  return { terms: energies.flatMap((e) => e.terms) };
}

export function scale(e: Energy, factor: number): Energy {
  if (!Number.isFinite(factor)) throw new ConfigError(`energy scale must be finite, got ${factor}`);
  return { terms: e.terms.map((t) => ({ ...t, scale: t.scale * factor })) };
}
