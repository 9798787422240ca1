/** The registry of named experiments. */
import { doubleWellPreset } from "./doubleWell.js";
import { ouPreset } from "./ou.js";
import { barenblattPreset } from "./barenblatt.js";
import { heat1dPreset, porous1dPreset } from "./heat1d.js";
import { fokkerPlanckGridPreset } from "./fokkerPlanckGrid.js";
import { aggregationDiffusionPreset } from "./aggregationDiffusion.js";
import { aggregationLogPreset, aggregationRingPreset } from "./aggregation.js";
import { feFoldPreset } from "./feFold.js";
import { gmmPreset, twoMoonsPreset } from "./neuralSampling.js";
import { meanFieldReluPreset } from "./meanFieldRelu.js";
import { fokkerPlanckParticlesPreset, mmdFlowPreset, svgdGmmPreset } from "./particleFlows.js";
import { feRegularityPreset } from "./feRegularity.js";
import { discrepancyPreset } from "./discrepancy.js";
import { interactionKernelsPreset } from "./interactionKernels.js";
import { playgroundPreset } from "./playground.js";
import { langevinVsSvgdPreset } from "./langevinVsSvgd.js";
import { propagationOfChaosPreset } from "./propagationOfChaos.js";
import { graphHeatPreset } from "./graphHeat.js";
import { fisherRaoPreset } from "./fisherRao.js";
import { fDivergencePreset } from "./fDivergence.js";
import { meanFieldGamePreset } from "./meanFieldGame.js";
import { ConfigError } from "../core/errors.js";
import type { Preset } from "./types.js";

export const presets: readonly Preset[] = [
  doubleWellPreset,
  ouPreset,
  heat1dPreset,
  porous1dPreset,
  barenblattPreset,
  fokkerPlanckGridPreset,
  aggregationDiffusionPreset,
  feFoldPreset,
  feRegularityPreset,
  aggregationRingPreset,
  aggregationLogPreset,
  svgdGmmPreset,
  mmdFlowPreset,
  fokkerPlanckParticlesPreset,
  meanFieldReluPreset,
  gmmPreset,
  twoMoonsPreset,
  interactionKernelsPreset,
  discrepancyPreset,
  playgroundPreset,
  langevinVsSvgdPreset,
  propagationOfChaosPreset,
  graphHeatPreset,
  fisherRaoPreset,
  fDivergencePreset,
  meanFieldGamePreset,
] as unknown as Preset[];

/** Names kept for command lines written before the scheme was a choice: preset + scheme. */
export const presetAliases: readonly { name: string; preset: Preset; scheme: string }[] =
  presets.flatMap((preset) => (preset.aliases ?? []).map((a) => ({ ...a, preset })));

export function findPreset(name: string): { preset: Preset; scheme?: string } | undefined {
  const preset = presets.find((p) => p.name === name);
  if (preset) return { preset };
  const alias = presetAliases.find((a) => a.name === name);
  return alias ? { preset: alias.preset, scheme: alias.scheme } : undefined;
}

/** The one way to look a preset up by name (an alias brings its scheme). */
export function presetNamed(name: string): { preset: Preset; scheme?: string } {
  const found = findPreset(name);
  if (!found)
    throw new ConfigError(
      `unknown preset "${name}"; presets: ${presets.map((q) => q.name).join(", ")}`,
      "run `ottoflow presets` to see them with one line each",
    );
  return found;
}

export type { Preset, Experiment, PlotView, TimeSettings, BuildContext, Tuning } from "./types.js";
export { ouTarget } from "./ou.js";
