/**
 * What the thread running a network's passes (nn/splitNet.ts) and its helper threads
 * (nn/splitWorker.ts) agree on: the slots of the control array, the operations, the layout of
 * a network's shared buffer, and the recipe a helper builds its copy of the network from.
 */
import { ConfigError } from "../core/errors.js";
import { key } from "../random/key.js";
import type { KernelBuild, Precision } from "./arena.js";
import { GradientIcnn } from "./icnn.js";
import { Mlp } from "./mlp.js";
import type { Net } from "./net.js";

/** Int32 slots of a helper's control array. */
export const Slot = {
  /** Requests posted (a counter; the helper waits on it). */
  request: 0,
  /** Requests done (the poster waits on it). */
  done: 1,
  /** 0 when the last request succeeded; 1 when it failed (its message on the port). */
  status: 2,
  op: 3,
  net: 4,
  rows: 5,
  flags: 6,
} as const;
export const CONTROL_SLOTS = 8;

export const Op = { forward: 1, backward: 2, close: 3 } as const;
/** Flags of a request: load the parameters first; add dL/dθ; return dL/dx. */
export const Flag = { load: 1, grads: 2, input: 4 } as const;

/** How to build a copy of a network (its parameters come with every request that changes them). */
export type NetRecipe = (
  | {
      kind: "mlp";
      inDim: number;
      outDim: number;
      width: number;
      depth: number;
      residual: boolean;
    }
  | { kind: "icnn"; inDim: number; width: number; depth: number; alpha: number }
) & { precision: Precision; build: KernelBuild };

/** The recipe of a network this module can copy; a ConfigError for any other. */
export function recipeOf(net: Net): NetRecipe {
  if (net instanceof Mlp) {
    const { inDim, outDim, width, depth, residual, precision } = net;
    return {
      kind: "mlp",
      inDim,
      outDim,
      width,
      depth,
      residual,
      precision,
      build: net.arena.build,
    };
  }
  if (net instanceof GradientIcnn) {
    const { inDim, width, depth, alpha, precision } = net;
    return { kind: "icnn", inDim, width, depth, alpha, precision, build: net.arena.build };
  }
  throw new ConfigError(
    "only MLPs and ∇ICNN maps run on several threads",
    "use --set scheme.workers=1",
  );
}

/** A network from its recipe (its initial weights are placeholders: parameters are loaded). */
export function netOf(recipe: NetRecipe): Net {
  if (recipe.kind === "mlp") {
    const { inDim, outDim, width, depth, residual, precision } = recipe;
    return new Mlp(inDim, outDim, width, depth, residual, key(0), precision);
  }
  const { inDim, width, depth, alpha, precision } = recipe;
  return new GradientIcnn(inDim, width, depth, key(0), alpha, precision);
}

/** Offsets (in float64 values) of the regions of a network's shared buffer. */
export interface Layout {
  params: number;
  grads: number;
  input: number;
  output: number;
  dOut: number;
  gIn: number;
  /** Values in all. */
  size: number;
}

/** The layout for `parameters` values and up to `rows` rows. */
export function layout(parameters: number, inDim: number, outDim: number, rows: number): Layout {
  const params = 0;
  const grads = parameters;
  const input = grads + parameters;
  const output = input + rows * inDim;
  const dOut = output + rows * outDim;
  const gIn = dOut + rows * outDim;
  return { params, grads, input, output, dOut, gIn, size: gIn + rows * inDim };
}
