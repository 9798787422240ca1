/**
 * The scheme registry: every scheme ottoflow has, by name, with its parameters and what it
 * supports. The CLI (`ottoflow schemes`, `run --scheme`), the explorer's controls and the
 * docs' support table read it; a problem a scheme cannot run is refused with the schemes that can.
 */
import { ConfigError } from "../core/errors.js";
import { blobEntry } from "./blob.js";
import { discrepancyFlowEntry } from "./discrepancyFlow.js";
import { entropicJko2dEntry } from "./entropicJko2d.js";
import type { SchemeEntry } from "./entry.js";
import { fDivergenceFlowEntry } from "./fDivergenceFlow.js";
import { fictitiousPlayEntry } from "./fictitiousPlay.js";
import { finiteVolume2dEntry } from "./finiteVolume2d.js";
import { klGridFlowEntry } from "./fisherRao1d.js";
import { forwardEulerEntry } from "./forwardEuler.js";
import { graphEntropyFlowEntry } from "./graphFlow.js";
import { interactionOdeEntry } from "./interactionOde.js";
import { jkoQuantile1dEntry } from "./jkoQuantile1d.js";
import { langevinEntry, malaEntry } from "./langevin.js";
import { meanFieldNetworkEntry } from "./meanFieldNetwork.js";
import { mmdFlowEntry } from "./mmdFlow.js";
import { neuralJkoEntry } from "./neuralJko.js";
import { unsupportedBy } from "./support.js";
import { svgdEntry } from "./svgd.js";
import type { Problem } from "./types.js";

export const schemes: readonly SchemeEntry[] = [
  langevinEntry,
  malaEntry,
  interactionOdeEntry,
  forwardEulerEntry,
  svgdEntry,
  blobEntry,
  mmdFlowEntry,
  jkoQuantile1dEntry,
  neuralJkoEntry,
  entropicJko2dEntry,
  finiteVolume2dEntry,
  klGridFlowEntry,
  discrepancyFlowEntry,
  fDivergenceFlowEntry,
  meanFieldNetworkEntry,
  graphEntropyFlowEntry,
  fictitiousPlayEntry,
] as unknown as SchemeEntry[];

export function findScheme(name: string): SchemeEntry | undefined {
  return schemes.find((s) => s.name === name);
}

/** The names of the schemes that can run a problem. */
export function schemesFor(problem: Problem): string[] {
  return schemes.filter((s) => !unsupportedBy(s.supports, problem)).map((s) => s.name);
}

/** A registered scheme by name, or a ConfigError listing them. */
export function schemeNamed(name: string): SchemeEntry {
  const s = findScheme(name);
  if (!s)
    throw new ConfigError(
      `unknown scheme "${name}"; schemes: ${schemes.map((q) => q.name).join(", ")}`,
      "run `ottoflow schemes` to see them with one line each",
    );
  return s;
}

/** Why `scheme` cannot run `problem`, naming the schemes that can — or undefined when it can. */
export function refusal(
  scheme: { name: string; supports: SchemeEntry["supports"] },
  problem: Problem,
) {
  const reason = unsupportedBy(scheme.supports, problem);
  if (!reason) return undefined;
  const able = schemesFor(problem);
  return new ConfigError(
    `scheme "${scheme.name}" cannot run this problem: ${reason}`,
    able.length
      ? `schemes that can: ${able.join(", ")} (pick one with --scheme NAME)`
      : "no registered scheme supports this energy; see `ottoflow schemes`",
  );
}
