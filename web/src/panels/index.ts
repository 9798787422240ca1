/** The panels in the order of seed 004, the neural JKO of seed 001, then the playground. */
import { fokkerPlanckPanel, reluPanel } from "./fields.js";
import { heatPanel, porousPanel } from "./jko.js";
import { neuralPanel } from "./neural.js";
import { geometryPanel, interactionPanel, mmdPanel } from "./particles.js";
import { playgroundPanel } from "./playground.js";
import type { Panel } from "./types.js";

export const panels: readonly Panel[] = [
  heatPanel,
  porousPanel,
  mmdPanel,
  interactionPanel,
  geometryPanel,
  fokkerPlanckPanel,
  reluPanel,
  neuralPanel,
  playgroundPanel,
];
