/**
 * Multilayer perceptrons for the neural JKO: Linear → PReLU (one learned slope per layer)
 * repeated `depth` times, then Linear, optionally residual (T(x) = x + MLP(x)), as in
 * ../shared/peers/vwgf_step.py. Weights are out×in (one output per contiguous row). Forward
 * keeps what backward needs for one batch size; backward accumulates parameter gradients and
 * returns the input gradient. Everything between the input copy and the output copy stays
 * in the WebAssembly kernels' memory (assembly/gemm.ts): fused linear + PReLU forward, the
 * PReLU derivative, and every product as the blocked A·Bᵀ kernel on transposed copies.
 * A pass allocates nothing once its workspace exists: the workspace is sized for the largest
 * batch seen, and outputs and input gradients can go into the caller's arrays.
 */
import { ConfigError } from "../core/errors.js";
import type { Key } from "../random/key.js";
import { split } from "../random/key.js";
import { uniform } from "../random/sample.js";
import { type Arena, type Buf, type Floats, type Precision, arena } from "./arena.js";
import type { BackwardOptions, Net, ParameterGradients } from "./net.js";

const none = new Float64Array(0);

export interface Layer {
  readonly inDim: number;
  readonly outDim: number;
  readonly w: Buf;
  readonly b: Buf;
  /** PReLU slope (hidden layers only; PyTorch's initial 0.25), kept in `Mlp.slopes`. */
  slope: number;
}

/** Parameter gradients, kept in kernel memory; `w` and `b` are fresh views. */
export class Gradients implements ParameterGradients {
  constructor(
    readonly wBuf: readonly Buf[],
    readonly bBuf: readonly Buf[],
    readonly slope: Float64Array,
  ) {}

  get w(): Floats[] {
    return this.wBuf.map((b) => b.data);
  }

  get b(): Floats[] {
    return this.bBuf.map((b) => b.data);
  }

  /** Per layer: weights, biases, slope (the order of `Mlp.parameters`). */
  tensors(): Floats[] {
    const { w, b } = this;
    return w.flatMap((wl, l) => [wl, b[l], this.slope.subarray(l, l + 1)]);
  }

  clear(): this {
    for (const b of this.wBuf) b.data.fill(0);
    for (const b of this.bBuf) b.data.fill(0);
    this.slope.fill(0);
    return this;
  }
}

interface Workspace {
  /** Rows of the last forward pass. */
  batch: number;
  /** Rows the buffers hold. */
  capacity: number;
  pre: Buf[]; // pre-activation of each hidden layer, batch×out
  act: Buf[]; // input of each layer (act[0] = x), batch×in
  out: Buf;
  gz: Buf[]; // dL/d pre-activation, batch×out
  gIn: Buf[]; // dL/d input of each layer, batch×in
  gzT: Buf[]; // gz transposed, out×batch
  actT: Buf[]; // layer inputs transposed, in×batch
  wT: Buf[]; // weights transposed, in×out
}

export class Mlp implements Net {
  readonly layers: Layer[];
  /** The PReLU slope of each layer (the last one unused). */
  readonly slopes: Float64Array;
  readonly arena: Arena;
  private ws?: Workspace;
  private grads?: Gradients;

  constructor(
    readonly inDim: number,
    readonly outDim: number,
    readonly width: number,
    readonly depth: number,
    readonly residual: boolean,
    k: Key,
    /** Float32 runs the kernels on four lanes instead of two; float64 is the reference. */
    readonly precision: Precision = "f64",
  ) {
    this.arena = arena(precision);
    const allocFrom = (v: ArrayLike<number>) => this.arena.allocFrom(v);
    if (residual && inDim !== outDim)
      throw new ConfigError(`a residual MLP maps R^d to R^d, got ${inDim} → ${outDim}`);
    const dims = [inDim, ...new Array<number>(depth).fill(width), outDim];
    const keys = split(k, 2 * (depth + 1));
    const slopes = (this.slopes = new Float64Array(depth + 1).fill(0.25));
    // PyTorch's default: weights and biases uniform in ±1/√fan_in
    this.layers = dims.slice(1).map((out, l) => {
      const bound = 1 / Math.sqrt(dims[l]);
      return {
        inDim: dims[l],
        outDim: out,
        w: allocFrom(uniform(keys[2 * l], out * dims[l], -bound, bound)),
        b: allocFrom(uniform(keys[2 * l + 1], out, -bound, bound)),
        get slope() {
          return slopes[l];
        },
        set slope(v: number) {
          slopes[l] = v;
        },
      };
    });
  }

  /** Per layer: weights, biases, slope. */
  parameters(): Floats[] {
    return this.layers.flatMap((L, l) => [L.w.data, L.b.data, this.slopes.subarray(l, l + 1)]);
  }

  /** This network's gradient accumulator, cleared (one per network, reused). */
  zeroGradients(): Gradients {
    const alloc = (n: number) => this.arena.alloc(n);
    this.grads ??= new Gradients(
      this.layers.map((L) => alloc(L.outDim * L.inDim)),
      this.layers.map((L) => alloc(L.outDim)),
      new Float64Array(this.layers.length),
    );
    return this.grads.clear();
  }

  private workspace(batch: number): Workspace {
    if (this.ws && this.ws.capacity >= batch) {
      this.ws.batch = batch;
      return this.ws;
    }
    const L = this.layers;
    const alloc = (n: number) => this.arena.alloc(n);
    this.ws = {
      batch,
      capacity: batch,
      pre: L.map((l) => alloc(batch * l.outDim)),
      act: L.map((l) => alloc(batch * l.inDim)),
      out: alloc(batch * this.outDim),
      gz: L.map((l) => alloc(batch * l.outDim)),
      gIn: L.map((l) => alloc(batch * l.inDim)),
      gzT: L.map((l) => alloc(batch * l.outDim)),
      actT: L.map((l) => alloc(batch * l.inDim)),
      wT: L.map((l) => alloc(l.outDim * l.inDim)),
    };
    return this.ws;
  }

  /**
   * Outputs for x (batch×inDim, row-major), into `out` when given; keeps the activations for
   * backward.
   */
  forward(x: Float64Array, batch: number, out?: Float64Array): Float64Array {
    if (x.length !== batch * this.inDim)
      throw new ConfigError(`MLP input has ${x.length} values, expected ${batch}×${this.inDim}`);
    const size = batch * this.outDim;
    if (out && out.length !== size)
      throw new ConfigError(`MLP output array has ${out.length} values, expected ${size}`);
    const k = this.arena.kernels;
    const ws = this.workspace(batch);
    ws.act[0].data.set(x);
    const last = this.layers.length - 1;
    for (let l = 0; l <= last; l++) {
      const L = this.layers[l];
      if (l < last)
        k.linearPrelu(
          batch,
          L.inDim,
          L.outDim,
          ws.act[l].offset,
          L.w.offset,
          L.b.offset,
          ws.pre[l].offset,
          ws.act[l + 1].offset,
          L.slope,
        );
      else
        k.gemmNT(
          batch,
          L.inDim,
          L.outDim,
          ws.act[l].offset,
          L.w.offset,
          ws.out.offset,
          L.b.offset,
          0,
          0,
        );
    }
    const y = out ?? new Float64Array(size);
    const o = ws.out.data;
    if (this.residual) for (let i = 0; i < size; i++) y[i] = o[i] + x[i];
    else for (let i = 0; i < size; i++) y[i] = o[i];
    return y;
  }

  /**
   * Back-propagates dL/d(output) (batch×outDim) through the last forward pass. Adds the
   * parameter gradients into `grads` when given (per stacked batch of `options.segment` rows,
   * in order); returns dL/dx, into `options.out` when given (empty when `inputGradient` is
   * false: the dual's updates need only dL/dθ, and the first layer's input product is then
   * skipped).
   */
  backward(
    dOut: Float64Array,
    grads?: Gradients,
    inputGradient = true,
    options: BackwardOptions = {},
  ): Float64Array {
    const ws = this.ws;
    if (!ws) throw new ConfigError("MLP.backward needs a forward pass first");
    const k = this.arena.kernels;
    const batch = ws.batch;
    if (dOut.length !== batch * this.outDim)
      throw new ConfigError(
        `MLP.backward: expected ${batch}×${this.outDim} values, got ${dOut.length}`,
      );
    const segment = options.segment ?? batch;
    if (!(segment > 0 && batch % segment === 0))
      throw new ConfigError(`MLP.backward: ${batch} rows are not batches of ${segment}`);
    const bytes = this.arena.bytes;
    const last = this.layers.length - 1;
    ws.gz[last].data.set(dOut);
    for (let l = last; l >= 0; l--) {
      const L = this.layers[l];
      const gz = ws.gz[l];
      // one stacked batch after the other: its rows start `at` elements into gz and act
      for (let s = 0; s < batch; s += segment) {
        const [atOut, atIn] = [s * L.outDim * bytes, s * L.inDim * bytes];
        if (l < last) {
          // gz[l] holds dL/d(activation) (written as the input gradient of layer l + 1)
          const ds = k.preluBackward(
            segment * L.outDim,
            gz.offset + atOut,
            ws.pre[l].offset + atOut,
            gz.offset + atOut,
            L.slope,
          );
          if (grads) grads.slope[l] += ds;
        }
        if (grads) {
          // dW += gzᵀ·in as (out×batch)·(in×batch)ᵀ on transposed copies: the blocked A·Bᵀ
          // kernel beats a direct Aᵀ·B here; db += the row sums of gzᵀ
          k.transpose(segment, L.outDim, gz.offset + atOut, ws.gzT[l].offset + atOut);
          k.transpose(segment, L.inDim, ws.act[l].offset + atIn, ws.actT[l].offset + atIn);
          k.gemmNT(
            L.outDim,
            segment,
            L.inDim,
            ws.gzT[l].offset + atOut,
            ws.actT[l].offset + atIn,
            grads.wBuf[l].offset,
            0,
            2,
            0,
          );
          k.rowSumsAccumulate(L.outDim, segment, ws.gzT[l].offset + atOut, grads.bBuf[l].offset);
        }
      }
      // dL/d input = gz·W = gz·(Wᵀ)ᵀ, written straight into the next layer's gz
      if (l === 0 && !inputGradient) return none;
      const target = l > 0 ? ws.gz[l - 1] : ws.gIn[0];
      k.transpose(L.outDim, L.inDim, L.w.offset, ws.wT[l].offset);
      k.gemmNT(batch, L.outDim, L.inDim, gz.offset, ws.wT[l].offset, target.offset, 0, 0, 0);
    }
    const size = batch * this.inDim;
    const g = options.out ?? new Float64Array(size);
    if (g.length !== size)
      throw new ConfigError(`MLP input-gradient array has ${g.length} values, expected ${size}`);
    const v = ws.gIn[0].data;
    if (this.residual) for (let i = 0; i < size; i++) g[i] = v[i] + dOut[i];
    else for (let i = 0; i < size; i++) g[i] = v[i];
    return g;
  }
}

/**
 * Adam (β = (0.9, 0.999), ε = 1e-8, bias-corrected), as torch.optim.Adam, over a network's
 * parameter tensors; the network's `project` (its constraints) runs after each step.
 */
export class Adam {
  private t = 0;
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  // the network's parameter tensors and the last gradients' (views, kept from step to step)
  private params: Floats[] = [];
  private grads: Floats[] = [];
  private gradSource?: ParameterGradients;

  constructor(
    private readonly net: Net,
    private readonly lr: number,
  ) {
    if (!(lr > 0)) throw new ConfigError(`Adam: the learning rate must be > 0, got ${lr}`);
    const sizes = net.parameters().map((p) => p.length);
    this.m = sizes.map((n) => new Float64Array(n));
    this.v = sizes.map((n) => new Float64Array(n));
  }

  /**
   * The optimiser's memory (step count, then m and v of every tensor), so that a later Adam on
   * the same network can continue where this one stopped instead of starting cold: a fresh
   * Adam's first updates move every parameter by about the full rate whatever its gradient.
   */
  exportState(): Float64Array {
    const size = this.m.reduce((s, m) => s + m.length, 0);
    const out = new Float64Array(1 + 2 * size);
    out[0] = this.t;
    let k = 1;
    for (const t of [...this.m, ...this.v]) {
      out.set(t, k);
      k += t.length;
    }
    return out;
  }

  /** Continues from exportState() of an Adam on a network of the same shape. */
  importState(state: Float64Array): void {
    const size = this.m.reduce((s, m) => s + m.length, 0);
    if (state.length !== 1 + 2 * size)
      throw new ConfigError(
        `Adam: a saved state of ${state.length} values does not fit this network`,
      );
    this.t = state[0];
    let k = 1;
    for (const t of [...this.m, ...this.v]) {
      t.set(state.subarray(k, k + t.length));
      k += t.length;
    }
  }

  /** One update; `rate` scales the learning rate for this step (a schedule's factor). */
  step(g: ParameterGradients, rate = 1): void {
    this.t++;
    const lr = this.lr * rate;
    const c1 = 1 - 0.9 ** this.t;
    const c2 = 1 - 0.999 ** this.t;
    // views are emptied when the kernels' memory grows: fetch them again only then
    if (this.gradSource !== g || this.stale(this.grads)) {
      this.grads = g.tensors();
      this.gradSource = g;
    }
    if (this.stale(this.params)) this.params = this.net.parameters();
    const [params, grads] = [this.params, this.grads];
    for (let j = 0; j < params.length; j++) {
      const [p, gr, m, v] = [params[j], grads[j], this.m[j], this.v[j]];
      for (let i = 0; i < p.length; i++) {
        m[i] = 0.9 * m[i] + 0.1 * gr[i];
        v[i] = 0.999 * v[i] + 0.001 * gr[i] * gr[i];
        p[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + 1e-8);
      }
    }
    this.net.project?.();
  }

  /** Whether tensors fetched earlier are missing or emptied (their lengths no longer match). */
  private stale(tensors: Floats[]): boolean {
    if (tensors.length !== this.m.length) return true;
    for (let j = 0; j < tensors.length; j++)
      if (tensors[j].length !== this.m[j].length) return true;
    return false;
  }
}
