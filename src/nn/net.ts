/**
 * What the neural JKO asks of a network: a batched forward pass, a backward pass that adds
 * parameter gradients and returns the input gradient, and its parameters as flat tensors in
 * a fixed order (for Adam, checkpoints and the maps kept for density evaluation).
 */
import type { Floats, Precision } from "./arena.js";

export interface ParameterGradients {
  /** One tensor per parameter tensor of the network, in the same order. */
  tensors(): Floats[];
}

export interface Net {
  readonly inDim: number;
  readonly outDim: number;
  readonly precision: Precision;
  /** Outputs for x (batch×inDim, row-major); keeps what backward needs. */
  forward(x: Float64Array, batch: number): Float64Array;
  /**
   * dL/dx for dL/d(output) of the last forward pass; adds dL/dθ into `grads` when given.
   * With `inputGradient` false a network may skip dL/dx (and return an empty array).
   */
  backward(dOut: Float64Array, grads?: ParameterGradients, inputGradient?: boolean): Float64Array;
  /** This network's gradient accumulator, cleared. */
  zeroGradients(): ParameterGradients;
  /** The parameter tensors (fresh views, valid until the kernels' memory grows). */
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
