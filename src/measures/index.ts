export * from "./types.js";
export { particles, gaussian, grid, quantile1d, cellVolume, cellCentre } from "./construct.js";
export {
  sample,
  histogram,
  kde,
  silvermanBandwidth,
  toQuantile1d,
  quantileAt,
  gridMass,
  type Binning,
} from "./convert.js";
export { moments, type Moments } from "./moments.js";
export { gaussianPdf, gaussianLogPdf, gridL1 } from "./density.js";
