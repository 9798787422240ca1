export * from "./types.js";
export { langevin, type LangevinOptions } from "./langevin.js";
export { interactionOde, type InteractionOdeOptions } from "./interactionOde.js";
export type { ParticleState } from "./particleState.js";
