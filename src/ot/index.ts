export { cloud, squaredDistances, type Cloud } from "./cloud.js";
export {
  networkSimplex,
  type ExactTransport,
  type NetworkSimplexOptions,
} from "./networkSimplex.js";
export { exactTransport, w2SquaredExact } from "./exact.js";
export { w2Squared1d, ks1d, tvHistogram1d, w2ToGaussian1d } from "./oneD.js";
export {
  sinkhorn,
  sinkhornSelf,
  sinkhornDivergence,
  type SinkhornOptions,
  type SinkhornResult,
  type SinkhornDivergence,
} from "./sinkhorn.js";
export { slicedW2Squared } from "./sliced.js";
export {
  klGaussian,
  symKlGaussian,
  w2SquaredGaussian,
  momentsOf,
  type GaussianMoments,
} from "./gaussian.js";
export {
  klGaussianFit,
  klKnn,
  klKde,
  mmdSquared,
  energyDistance,
  medianBandwidth,
} from "./divergences.js";
export {
  distance,
  distances,
  type DistanceEntry,
  type DistanceFn,
  type DistanceOptions,
  type DistanceResult,
} from "./distance.js";
