export * from "./errors.js";
export * from "./matrix.js";
export * from "./linalg.js";
export * from "./reduce.js";
export * from "./special.js";
export * from "./lu.js";
export * from "./tridiagonal.js";
export * from "./hermiteZeros.js";
