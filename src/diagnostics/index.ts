export {
  klGaussian,
  symKlGaussian,
  w2SquaredGaussian,
  momentsOf,
  type GaussianMoments,
} from "../ot/gaussian.js";
export { tabulateDensity, ksDistance, w2ToDensity, type Density1d } from "./density1d.js";
export {
  ouLaw,
  ouEulerMaruyamaLaw,
  ouStationary,
  ouJkoStep,
  ouMidpointStep,
  ouBdf2Step,
  ouIterates,
  type TimeScheme,
} from "./ou.js";
export {
  barenblatt,
  barenblattSolution,
  barenblattJkoScale,
  barenblattMidpointScale,
  barenblattBdf2Scale,
  type Barenblatt,
} from "./barenblatt.js";
export { entropicJkoGaussianVariance } from "./entropicJko.js";
