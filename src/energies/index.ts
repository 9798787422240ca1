export * from "./types.js";
export { potential, quadratic, doubleWell, quartic } from "./potential.js";
export {
  interaction,
  ringKernel,
  logKernel,
  gaussianAttractionKernel,
  quadraticKernel,
  coulombKernel,
  namedKernels,
  gaussianKernel,
  type KernelName,
} from "./interaction.js";
export { entropy, porousMedium, kl } from "./internal.js";
export { sum, scale } from "./combine.js";
export {
  energyValue,
  interactionOnParticles,
  type EvaluateOptions,
  type InternalEstimator,
} from "./evaluate.js";
export {
  transportVelocity,
  transportVelocityAt,
  interactionVelocity,
  checkPotentialDimension,
} from "./velocity.js";
export { kdeScore, resolveBandwidth, type ScoreEstimate } from "./score.js";
export {
  mmdEnergy,
  energyDistanceEnergy,
  gaussianBumpKernel,
  distanceKernel,
  halfMmdSquared,
} from "./mmd.js";
export { gaussianMixture, type Mixture, type MixtureComponent } from "./mixture.js";
export {
  energyParts,
  termKind,
  termKinds,
  termKindMeaning,
  type EnergyParts,
  type TermKind,
} from "./parts.js";
export {
  discrepancy,
  fDivergence,
  networkRisk,
  graphEntropy,
  meanFieldGame,
} from "./problemTerms.js";
export { mobility, fTimesMu } from "./fDivergence.js";
