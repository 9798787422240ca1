/** The registry of named experiments. */
import { doubleWellPreset } from "./doubleWell.js";
import { ouPreset } from "./ou.js";
import { barenblattPreset } from "./barenblatt.js";
import { heat1dPreset, porous1dPreset } from "./heat1d.js";
import { fokkerPlanckGridPreset } from "./fokkerPlanckGrid.js";
import { aggregationDiffusionPreset } from "./aggregationDiffusion.js";
import {
  aggregationLogPreset,
  aggregationRingNeuralPreset,
  aggregationRingPreset,
} from "./aggregation.js";
import { barenblattNeuralPreset } from "./barenblattNeural.js";
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
import { aggregationDiffusionNeuralPreset } from "./aggregationDiffusionNeural.js";
import { meanFieldGamePreset } from "./meanFieldGame.js";
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
  barenblattNeuralPreset,
  gmmPreset,
  twoMoonsPreset,
  aggregationRingNeuralPreset,
  interactionKernelsPreset,
  discrepancyPreset,
  playgroundPreset,
  langevinVsSvgdPreset,
  propagationOfChaosPreset,
  graphHeatPreset,
  fisherRaoPreset,
  fDivergencePreset,
  aggregationDiffusionNeuralPreset,
  meanFieldGamePreset,
] as unknown as Preset[];

export function findPreset(name: string): Preset | undefined {
  return presets.find((p) => p.name === name);
}

export type { Preset, Experiment } from "./types.js";
export { ouTarget } from "./ou.js";
