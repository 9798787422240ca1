export { flow, schedule } from "./flow.js";
export * from "./types.js";
export { measureFault, BLOW_UP } from "./health.js";
