export * from "./types.js";
export { schemes as registry, findScheme, schemeNamed, schemesFor, refusal } from "./registry.js";
export { defineScheme, type SchemeEntry, type SchemeFamily } from "./entry.js";
export {
  unsupportedBy,
  describeSupports,
  anyMeasure,
  type Supports,
  type MeasureKind,
} from "./support.js";
export { langevin, mala, type LangevinOptions } from "./langevin.js";
export { interactionOde, type InteractionOdeOptions } from "./interactionOde.js";
export {
  type ParticleState,
  type ParticleStart,
  particleStarts,
  initialParticles,
} from "./particleState.js";
export {
  jkoQuantile1d,
  jkoQuantileStep,
  quantileEnergy,
  type JkoQuantileOptions,
  type JkoQuantileState,
} from "./jkoQuantile1d.js";
export { quantileBoundaries, boundariesToMeasure } from "./quantileBoundaries.js";
export {
  finiteVolume2d,
  type FiniteVolumeOptions,
  type FiniteVolumeState,
} from "./finiteVolume2d.js";
export { entropicJko2d, type EntropicJkoOptions, type EntropicJkoState } from "./entropicJko2d.js";
export { gridEnergy, type GridBox, type GridEnergy } from "./gridEnergy.js";
export { forwardEuler, lagrangianScore, type ForwardEulerOptions } from "./forwardEuler.js";
export { svgd, svgdDirection, medianBandwidth, type SvgdOptions } from "./svgd.js";
export { mmdFlow, type MmdFlowOptions } from "./mmdFlow.js";
export { blob, blobEnergy, blobVelocity, type BlobOptions, type BlobState } from "./blob.js";
export {
  meanFieldNetwork,
  networkRisk,
  networkVelocity,
  arcCosineKernel,
  type MeanFieldNetworkOptions,
  type Teacher,
} from "./meanFieldNetwork.js";
export {
  neuralJko,
  type NeuralJkoOptions,
  type NeuralJkoScheme,
  type NeuralJkoState,
} from "./neuralJko.js";
export type { OptimizerMemory } from "../neural/klJkoStep.js";
export {
  discrepancyFlow,
  otGoals,
  sinkhornVelocity,
  driftingVelocity,
  type DiscrepancyFlowOptions,
  type DiscrepancyState,
  type SinkhornPotentials,
} from "./discrepancyFlow.js";
export { fDivergenceFlow, type FDivergenceFlowOptions } from "./fDivergenceFlow.js";
export {
  klGridFlow,
  klGeometries,
  type KlGeometry,
  type KlGridFlowOptions,
  type KlGridState,
} from "./fisherRao1d.js";
export {
  graphEntropyFlow,
  entropyGradientFlow,
  logarithmicMean,
  relativeEntropy,
  type GraphFlowState,
} from "./graphFlow.js";
export {
  fictitiousPlay,
  bestResponses,
  equilibriumMean,
  type FictitiousPlayOptions,
  type FictitiousPlayState,
  type MeanFieldGame,
} from "./fictitiousPlay.js";
export { ratioDiffusion, ratioGrid, type RatioGrid } from "./ratioDiffusion1d.js";
