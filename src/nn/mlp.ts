/**
 * Multilayer perceptrons for the neural JKO: Linear → PReLU (one learned slope per layer)
 * repeated `depth` times, then Linear, optionally residual (T(x) = x + MLP(x)), as in
 * ../shared/peers/vwgf_step.py. Forward keeps what backward needs for one batch size; backward
 * accumulates parameter gradients and returns the input gradient. All products run in the
 * WebAssembly kernels; weights are out×in so that each output is one contiguous row.
 */
import { ConfigError } from "../core/errors.js";
import type { Key } from "../random/key.js";
import { split } from "../random/key.js";
import { uniform } from "../random/sample.js";
import { Buf, alloc, allocFrom, wasmKernels } from "./arena.js";

export interface Layer {
  readonly inDim: number;
  readonly outDim: number;
  readonly w: Buf;
  readonly b: Buf;
  /** PReLU slope (hidden layers only; PyTorch's initial 0.25). */
  slope: number;
}

export interface Gradients {
  readonly w: Float64Array[];
  readonly b: Float64Array[];
  readonly slope: Float64Array;
}

interface Workspace {
  batch: number;
  pre: Buf[]; // pre-activation of each layer, batch×out
  act: Buf[]; // input of each layer (act[0] = x), batch×in
  out: Buf;
  scratch: { gz: Buf; gzT: Buf; inT: Buf; wT: Buf; gIn: Buf; gW: Buf; gPrev: Buf }[];
}

export class Mlp {
  readonly layers: Layer[];
  private ws?: Workspace;

  constructor(
    readonly inDim: number,
    readonly outDim: number,
    readonly width: number,
    readonly depth: number,
    readonly residual: boolean,
    k: Key,
  ) {
    if (residual && inDim !== outDim)
      throw new ConfigError(`a residual MLP maps R^d to R^d, got ${inDim} → ${outDim}`);
    const dims = [inDim, ...new Array<number>(depth).fill(width), outDim];
    const keys = split(k, 2 * (depth + 1));
    // PyTorch's default: weights and biases uniform in ±1/√fan_in
    this.layers = dims.slice(1).map((out, l) => {
      const bound = 1 / Math.sqrt(dims[l]);
      return {
        inDim: dims[l],
        outDim: out,
        w: allocFrom(uniform(keys[2 * l], out * dims[l], -bound, bound)),
        b: allocFrom(uniform(keys[2 * l + 1], out, -bound, bound)),
        slope: 0.25,
      };
    });
  }

  zeroGradients(): Gradients {
    return {
      w: this.layers.map((L) => new Float64Array(L.outDim * L.inDim)),
      b: this.layers.map((L) => new Float64Array(L.outDim)),
      slope: new Float64Array(this.layers.length),
    };
  }

  private workspace(batch: number): Workspace {
    if (this.ws && this.ws.batch === batch) return this.ws;
    const L = this.layers;
    this.ws = {
      batch,
      pre: L.map((l) => alloc(batch * l.outDim)),
      act: L.map((l) => alloc(batch * l.inDim)),
      out: alloc(batch * this.outDim),
      scratch: L.map((l) => ({
        gz: alloc(batch * l.outDim),
        gzT: alloc(batch * l.outDim),
        inT: alloc(batch * l.inDim),
        wT: alloc(l.outDim * l.inDim),
        gIn: alloc(batch * l.inDim),
        gW: alloc(l.outDim * l.inDim),
        gPrev: alloc(batch * l.inDim),
      })),
    };
    return this.ws;
  }

  /** Outputs for x (batch×inDim, row-major); keeps the activations for backward. */
  forward(x: Float64Array, batch: number): Float64Array {
    if (x.length !== batch * this.inDim)
      throw new ConfigError(`MLP input has ${x.length} values, expected ${batch}×${this.inDim}`);
    const k = wasmKernels();
    const ws = this.workspace(batch);
    ws.act[0].data.set(x);
    this.layers.forEach((L, l) => {
      k.gemmNT(
        batch,
        L.inDim,
        L.outDim,
        ws.act[l].offset,
        L.w.offset,
        ws.pre[l].offset,
        L.b.offset,
        0,
        0,
      );
      const z = ws.pre[l].data;
      const next = l + 1 < this.layers.length ? ws.act[l + 1].data : ws.out.data;
      if (l + 1 < this.layers.length) {
        const a = L.slope;
        for (let i = 0; i < z.length; i++) next[i] = z[i] > 0 ? z[i] : a * z[i];
      } else next.set(z);
    });
    const out = Float64Array.from(ws.out.data);
    if (this.residual) for (let i = 0; i < out.length; i++) out[i] += x[i];
    return out;
  }

  /**
   * Back-propagates dL/d(output) (batch×outDim) through the last forward pass. Adds the
   * parameter gradients into `grads` when given; returns dL/dx.
   */
  backward(dOut: Float64Array, grads?: Gradients): Float64Array {
    const ws = this.ws;
    if (!ws) throw new ConfigError("MLP.backward needs a forward pass first");
    const k = wasmKernels();
    const batch = ws.batch;
    let g = dOut;
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const L = this.layers[l];
      const s = ws.scratch[l];
      const gz = s.gz.data;
      if (l + 1 < this.layers.length) {
        const z = ws.pre[l].data;
        let ds = 0;
        for (let i = 0; i < gz.length; i++) {
          if (z[i] > 0) gz[i] = g[i];
          else {
            gz[i] = L.slope * g[i];
            ds += g[i] * z[i];
          }
        }
        if (grads) grads.slope[l] += ds;
      } else gz.set(g);
      if (grads) {
        // dW = gzᵀ·in: (out×batch)·(in×batch)ᵀ, both transposed into scratch first
        k.transpose(batch, L.outDim, s.gz.offset, s.gzT.offset);
        k.transpose(batch, L.inDim, ws.act[l].offset, s.inT.offset);
        k.gemmNT(L.outDim, batch, L.inDim, s.gzT.offset, s.inT.offset, s.gW.offset, 0, 0, 0);
        const gw = grads.w[l];
        const dw = s.gW.data;
        for (let i = 0; i < gw.length; i++) gw[i] += dw[i];
        const gb = grads.b[l];
        const gzv = s.gz.data;
        for (let r = 0; r < batch; r++)
          for (let o = 0; o < L.outDim; o++) gb[o] += gzv[r * L.outDim + o];
      }
      // d in = gz·W: (batch×out)·(Wᵀ as in×out)ᵀ
      k.transpose(L.outDim, L.inDim, L.w.offset, s.wT.offset);
      k.gemmNT(batch, L.outDim, L.inDim, s.gz.offset, s.wT.offset, s.gIn.offset, 0, 0, 0);
      g = Float64Array.from(s.gIn.data);
    }
    if (this.residual) for (let i = 0; i < g.length; i++) g[i] += dOut[i];
    return g;
  }
}

/** Adam (β = (0.9, 0.999), ε = 1e-8, bias-corrected), as torch.optim.Adam. */
export class Adam {
  private t = 0;
  private readonly m: Gradients;
  private readonly v: Gradients;

  constructor(
    private readonly net: Mlp,
    private readonly lr: number,
  ) {
    if (!(lr > 0)) throw new ConfigError(`Adam: the learning rate must be > 0, got ${lr}`);
    this.m = net.zeroGradients();
    this.v = net.zeroGradients();
  }

  step(g: Gradients): void {
    this.t++;
    const c1 = 1 - 0.9 ** this.t;
    const c2 = 1 - 0.999 ** this.t;
    const update = (p: Float64Array, gr: Float64Array, m: Float64Array, v: Float64Array) => {
      for (let i = 0; i < p.length; i++) {
        m[i] = 0.9 * m[i] + 0.1 * gr[i];
        v[i] = 0.999 * v[i] + 0.001 * gr[i] * gr[i];
        p[i] -= (this.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + 1e-8);
      }
    };
    this.net.layers.forEach((L, l) => {
      update(L.w.data, g.w[l], this.m.w[l], this.v.w[l]);
      update(L.b.data, g.b[l], this.m.b[l], this.v.b[l]);
      const slope = Float64Array.of(L.slope);
      update(
        slope,
        g.slope.subarray(l, l + 1),
        this.m.slope.subarray(l, l + 1),
        this.v.slope.subarray(l, l + 1),
      );
      L.slope = slope[0];
    });
  }
}
