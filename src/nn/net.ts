/**
 * What the neural JKO asks of a network: a batched forward pass, a backward pass that adds
 * parameter gradients and returns the input gradient, and its parameters as flat tensors in
 * a fixed order (for Adam, checkpoints and the maps kept for density evaluation).
 */
import type { Floats, Precision } from "./arena.js";

/** Where backward writes, and how it adds the parameter gradients. */
export interface BackwardOptions {
  /** Where to write dL/dx (batch×inDim); a fresh array when absent. */
  out?: Float64Array;
  /**
   * The batch is batches of `segment` rows stacked: the parameter gradients are added batch by
   * batch, in order, as separate backward passes over each would add them (bit for bit).
   */
  segment?: number;
}

export interface ParameterGradients {
  /**
   * One tensor per parameter tensor of the network, in the same order: views of the
   * accumulator (Adam keeps them from step to step until the kernels' memory grows).
   */
  tensors(): Floats[];
}

export interface Net {
  readonly inDim: number;
  readonly outDim: number;
  readonly precision: Precision;
  /**
   * Outputs for x (batch×inDim, row-major); keeps what backward needs. Writes them into `out`
   * (batch×outDim) when given; a network may return a fresh array instead, so callers use the
   * returned one.
   */
  forward(x: Float64Array, batch: number, out?: Float64Array): Float64Array;
  /**
   * dL/dx for dL/d(output) of the last forward pass; adds dL/dθ into `grads` when given.
   * With `inputGradient` false a network may skip dL/dx (and return an empty array). As for
   * forward, `options.out` is where dL/dx goes when the network supports it.
   */
  backward(
    dOut: Float64Array,
    grads?: ParameterGradients,
    inputGradient?: boolean,
    options?: BackwardOptions,
  ): Float64Array;
  /** This network's gradient accumulator, cleared. */
  zeroGradients(): ParameterGradients;
  /**
   * The parameter tensors: views of the network's own memory, valid until the kernels' memory
   * grows (which empties them; Adam keeps them until then).
   */
  parameters(): Floats[];
  /** Called after each optimiser step: puts the parameters back into their constraint set. */
  project?(): void;
}

/** All parameters, flattened in order. */
export function flatParameters(nets: readonly Net[]): Float64Array {
  const tensors = nets.flatMap((n) => n.parameters());
  const out = new Float64Array(tensors.reduce((s, t) => s + t.length, 0));
  let k = 0;
  for (const t of tensors) {
    out.set(t, k);
    k += t.length;
  }
  return out;
}

/** Loads parameters flattened by `flatParameters`. */
export function loadParameters(nets: readonly Net[], flat: Float64Array): void {
  let k = 0;
  for (const t of nets.flatMap((n) => n.parameters())) {
    t.set(flat.subarray(k, k + t.length));
    k += t.length;
  }
  if (k !== flat.length) throw new RangeError(`expected ${k} parameters, got ${flat.length}`);
}
