export * from "./types.js";
export { langevin, type LangevinOptions } from "./langevin.js";
export { interactionOde, type InteractionOdeOptions } from "./interactionOde.js";
export type { ParticleState } from "./particleState.js";
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
export { blob, blobEnergy, blobVelocity, type BlobOptions } from "./blob.js";
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
