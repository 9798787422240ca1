export { key, split, foldIn, keyToString, type Key } from "./key.js";
export { uniform01, uniform, normal, multivariateNormal } from "./sample.js";
export { threefry2x32 } from "./threefry.js";
