/**
 * The neural presets measured in bench/neuralPresetSteps.ts (seconds per step) and
 * bench/neuralBound.ts (what the products alone need): each at its defaults, and the sampling
 * presets also with seed 001's networks of C.1.
 */
const KL = { kind: "KL", seed: 10, goal: 2.5 };
/** Seed 001, C.1: 8D mixture T 3 × 128, h 6 × 64; 13D T 9 × 64, h 8 × 64; two moons T 5, h 6, J2 = 6. */
const SEED_8D = ["scheme.mapDepth=3", "scheme.mapWidth=128", "scheme.dualDepth=6"];
const SEED_13D = ["scheme.mapDepth=9", "scheme.dualDepth=8"];
const SEED_MOONS = ["scheme.mapDepth=5", "scheme.dualDepth=6", "scheme.inner=6"];
const ENTROPY = { kind: "generalised entropy", seed: 100, goal: 25 };
const RING = { kind: "interaction (no dual)", seed: NaN, goal: NaN };
export interface Case {
  preset: string;
  label?: string;
  scheme?: string;
  sets: string[];
  kind: string;
  seed: number;
  goal: number;
}
export const cases: Case[] = [
  { preset: "ou", scheme: "neural-jko", sets: ["dim=2"], ...KL },
  { preset: "ou", scheme: "neural-jko", sets: ["dim=32"], ...KL },
  { preset: "gmm", sets: ["dim=8"], ...KL },
  { preset: "gmm", sets: ["dim=13"], ...KL },
  { preset: "two-moons", sets: [], ...KL },
  // seed 001's C.1 networks ("layers" read as hidden layers, as for its OU networks)
  { preset: "gmm", sets: ["dim=8", ...SEED_8D], label: "gmm dim=8, seed's C.1 networks", ...KL },
  { preset: "gmm", sets: ["dim=13", ...SEED_13D], label: "gmm dim=13, seed's C.1 networks", ...KL },
  { preset: "two-moons", sets: SEED_MOONS, label: "two-moons, seed's C.1 networks", ...KL },
  { preset: "barenblatt-neural", sets: [], ...ENTROPY },
  { preset: "aggregation-diffusion-neural", sets: [], ...ENTROPY },
  { preset: "aggregation-ring-neural", sets: [], ...RING },
];

/** The case's name in the tables. */
export const caseLabel = (c: Case): string =>
  c.label ?? `${c.preset}${c.sets.length ? ` ${c.sets.join(" ")}` : ""}`;
