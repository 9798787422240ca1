/**
 * From a preset, its parameters and a seed to an experiment, the same way everywhere (the
 * CLI, the web explorer's worker, the tests), so that one seed gives one run.
 */
import { type Key, key, keyToString, split } from "../random/key.js";
import { VERSION } from "../version.js";
import type { Experiment, Preset } from "./types.js";

/** What a run is made of: a preset, its validated parameters, a seed. */
export interface RunSpec {
  preset: Preset;
  params: Record<string, unknown>;
  seed: number;
}

/** The problem key and the flow key of a seed: the problem (e.g. A, b) never depends on the scheme. */
export function experimentKeys(seed: number): { problem: Key; flow: Key } {
  const [problem, flowKey] = split(key(seed), 2);
  return { problem, flow: flowKey };
}

export function buildExperiment(spec: RunSpec): Experiment {
  return spec.preset.build(spec.params as never, experimentKeys(spec.seed).problem);
}

/** The flow() options an experiment fixes, with the flow key of the seed. */
export function experimentFlow(exp: Experiment, seed: number) {
  return {
    energy: exp.energy,
    initial: exp.initial,
    scheme: exp.scheme,
    until: exp.until,
    saveEvery: exp.saveEvery,
    metrics: exp.metrics,
    evaluate: exp.evaluate,
    key: experimentKeys(seed).flow,
  };
}

/** run.json: what reproduces the run. */
export function runRecord(spec: RunSpec, exp: Experiment): Record<string, unknown> {
  return {
    ottoflow: VERSION,
    preset: spec.preset.name,
    seed: spec.seed,
    key: keyToString(key(spec.seed)),
    params: spec.params,
    scheme: exp.scheme.name,
    problem: exp.problem,
  };
}
