/**
 * Transport maps that are gradients of convex potentials (Brenier maps): T = ∇ψ with
 *   ψ(x) = ½xᵀ(αI + BᵀB)x + c·x + φ(x),
 * φ an input-convex network (Amos, Xu & Kolter 2017) with softplus σ (convex, increasing):
 *   z₁ = σ(A₀x + b₀),  z_{l+1} = σ(W_l z_l + A_l x + b_l) (l = 1 … L−1),  φ = w·z_L,
 * convex because W_l ≥ 0 and w ≥ 0. The rule that keeps them so: after every optimiser step
 * their negative entries are set to zero (projected Adam, `project`). α > 0 makes ψ
 * α-strongly convex, so T is invertible (T⁻¹ = ∇ψ*) and ∇T is symmetric positive definite.
 * B starts at √(1 − α)·I and w at 0, so T starts at the identity.
 *
 * T(x) itself is a reverse pass through φ. Training needs dL/dθ for a loss of T(x), i.e. the
 * derivative of the input gradient: with G = dL/dT held fixed, dL/dθ = ∂_θ Σ_r G_r·∇ψ(x_r),
 * and G_r·∇φ(x_r) is φ's directional derivative along G_r, computed by a tangent (forward-mode)
 * pass. `backward` differentiates that tangent pass in reverse mode (reverse over forward),
 * which also gives dL/dx = ∇²ψ(x)·G, a Hessian–vector product (density evaluation's Jacobian).
 *
 * Per layer l, with s_l = σ'(a_l) and e_l = s_l ⊙ δ_{l+1} (δ_L = w, δ_l = e_l W_l) from the
 * reverse pass, ȧ_l the tangent pre-activation and z̄, ā the adjoints of the primal values:
 *   ā_l = σ''(a_l) ⊙ ȧ_l ⊙ δ_{l+1} + s_l ⊙ z̄_{l+1},  z̄_l = ā_l W_l  (z̄_L = 0),
 *   W̄_l += e_lᵀż_l + ā_lᵀz_l,  Ā_l += e_lᵀG + ā_lᵀX,  b̄_l += Σ_r ā_l,  w̄ += Σ_r ż_L,
 *   x̄ += ā_l A_l.
 * Products run in the dense WebAssembly kernels (A·Bᵀ on transposed copies, as in mlp.ts);
 * the elementwise parts in JavaScript over the kernels' memory.
 */
import { ConfigError } from "../core/errors.js";
import type { Key } from "../random/key.js";
import { split } from "../random/key.js";
import { uniform } from "../random/sample.js";
import { type Arena, type Buf, type Floats, type Precision, arena } from "./arena.js";
import type { BackwardOptions, Net, ParameterGradients } from "./net.js";

class IcnnGradients implements ParameterGradients {
  constructor(readonly bufs: readonly Buf[]) {}

  tensors(): Floats[] {
    return this.bufs.map((b) => b.data);
  }

  clear(): this {
    for (const b of this.bufs) b.data.fill(0);
    return this;
  }
}

interface Workspace {
  batch: number;
  x: Buf; // batch×d
  g: Buf; // batch×d: dL/dT
  out: Buf; // batch×d: T(x), then x̄
  pre: Buf[]; // a_l, batch×n
  z: Buf[]; // z_{l+1} = σ(a_l)
  s: Buf[]; // σ'(a_l)
  e: Buf[]; // e_l = s_l ⊙ δ_{l+1}
  delta: Buf[]; // δ_l (l ≥ 1)
  adot: Buf[]; // tangent pre-activations ȧ_l
  zdot: Buf[]; // tangents ż_{l+1}
  adj: Buf; // ā_l
  zbar: Buf; // z̄_l
  t1: Buf; // transposed copies
  t2: Buf;
}

/** The values of a kernel buffer, into `out` when given (else a fresh array). */
function copyOut(values: Floats, out?: Float64Array): Float64Array {
  const y = out ?? new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) y[i] = values[i];
  return y;
}

export class GradientIcnn implements Net {
  readonly arena: Arena;
  readonly outDim: number;
  /** A_l (n×d), b_l (n), l = 0 … L−1; W_l (n×n) ≥ 0 for l = 1 … L−1 (W[0] unused). */
  private readonly A: Buf[];
  private readonly b: Buf[];
  private readonly W: Buf[];
  private readonly w: Buf; // n, ≥ 0
  private readonly B: Buf; // d×d
  private readonly c: Buf; // d
  private readonly all: Buf[];
  private ws?: Workspace;
  private grads?: IcnnGradients;
  // scratch for the quadratic part: M = αI + BᵀB and S = XᵀG (d×d)
  private readonly M: Buf;
  private readonly S: Buf;

  constructor(
    readonly inDim: number,
    readonly width: number,
    readonly depth: number,
    k: Key,
    /** Strong convexity of ψ: ∇T ⪰ αI. */
    readonly alpha = 0.05,
    readonly precision: Precision = "f64",
  ) {
    if (!(Number.isInteger(depth) && depth >= 0))
      throw new ConfigError(`ICNN depth must be an integer ≥ 0 (0: an affine map), got ${depth}`);
    if (!(alpha > 0 && alpha < 1)) throw new ConfigError(`ICNN: need 0 < α < 1, got ${alpha}`);
    this.outDim = inDim;
    const d = inDim;
    const n = width;
    this.arena = arena(precision);
    const from = (v: ArrayLike<number>) => this.arena.allocFrom(v);
    const keys = split(k, 3 * depth);
    const boundX = 1 / Math.sqrt(d);
    this.A = Array.from({ length: depth }, (_, l) =>
      from(uniform(keys[3 * l], n * d, -boundX, boundX)),
    );
    this.b = Array.from({ length: depth }, (_, l) =>
      from(uniform(keys[3 * l + 1], n, -boundX, boundX)),
    );
    // nonnegative weights with mean 1/n keep the hidden values of one scale from layer to layer
    this.W = Array.from({ length: depth }, (_, l) =>
      from(l === 0 ? [] : uniform(keys[3 * l + 2], n * n, 0, 2 / n)),
    );
    this.w = from(new Float64Array(n));
    const B = new Float64Array(d * d);
    for (let i = 0; i < d; i++) B[i * d + i] = Math.sqrt(1 - alpha);
    this.B = from(B);
    this.c = from(new Float64Array(d));
    this.M = this.arena.alloc(d * d);
    this.S = this.arena.alloc(d * d);
    // A_l, b_l, W_1 … W_{L−1}, w (when L > 0), B, c: backward indexes gradients by this order
    this.all = [
      ...this.A,
      ...this.b,
      ...this.W.slice(1),
      ...(depth > 0 ? [this.w] : []),
      this.B,
      this.c,
    ];
  }

  parameters(): Floats[] {
    return this.all.map((b) => b.data);
  }

  /** Nonnegative W_l and w (the convexity constraint). */
  project(): void {
    for (const buf of [...this.W.slice(1), this.w]) {
      const v = buf.data;
      for (let i = 0; i < v.length; i++) if (v[i] < 0) v[i] = 0;
    }
  }

  zeroGradients(): IcnnGradients {
    this.grads ??= new IcnnGradients(this.all.map((b) => this.arena.alloc(b.length)));
    return this.grads.clear();
  }

  private workspace(batch: number): Workspace {
    if (this.ws?.batch === batch) return this.ws;
    const [d, n, L] = [this.inDim, this.width, this.depth];
    const a = (len: number) => this.arena.alloc(len);
    const perLayer = () => Array.from({ length: L }, () => a(batch * n));
    const scratch = Math.max(batch, n) * Math.max(n, d);
    this.ws = {
      batch,
      x: a(batch * d),
      g: a(batch * d),
      out: a(batch * d),
      pre: perLayer(),
      z: perLayer(),
      s: perLayer(),
      e: perLayer(),
      delta: perLayer(),
      adot: perLayer(),
      zdot: perLayer(),
      adj: a(batch * n),
      zbar: a(batch * n),
      t1: a(scratch),
      t2: a(scratch),
    };
    return this.ws;
  }

  /** C (m×n) = X (m×k) · Yᵀ (Y n×k), overwritten (or added into with `add`). */
  private mm(m: number, k: number, n: number, x: Buf, y: Buf, c: Buf, add: boolean, bias = 0) {
    this.arena.kernels.gemmNT(m, k, n, x.offset, y.offset, c.offset, bias, add ? 2 : 0, 0);
  }

  /** C (p×q) += Xᵀ·Y for X batch×p, Y batch×q (through transposed copies). */
  private mmTN(batch: number, p: number, q: number, x: Buf, y: Buf, c: Buf) {
    const k = this.arena.kernels;
    const ws = this.workspace(batch);
    k.transpose(batch, p, x.offset, ws.t1.offset);
    k.transpose(batch, q, y.offset, ws.t2.offset);
    k.gemmNT(p, batch, q, ws.t1.offset, ws.t2.offset, c.offset, 0, 2, 0);
  }

  /** C (m×q) = X (m×p) · Y (p×q) (Y transposed into scratch first). */
  private mmNN(m: number, p: number, q: number, x: Buf, y: Buf, c: Buf, add: boolean, t: Buf) {
    this.arena.kernels.transpose(p, q, y.offset, t.offset);
    this.mm(m, p, q, x, t, c, add);
  }

  /** ψ(x) per row (for checks and for the convex conjugate). */
  potential(x: Float64Array, batch: number): Float64Array {
    this.forward(x, batch); // also refreshes M = αI + BᵀB
    const ws = this.ws as Workspace;
    const [d, n] = [this.inDim, this.width];
    const [M, c, w] = [this.M.data, this.c.data, this.w.data];
    const zL = this.depth > 0 ? ws.z[this.depth - 1].data : null;
    return Float64Array.from({ length: batch }, (_, r) => {
      let v = 0;
      for (let i = 0; i < d; i++) {
        let mx = 0;
        for (let j = 0; j < d; j++) mx += M[i * d + j] * x[r * d + j];
        v += x[r * d + i] * (0.5 * mx + c[i]);
      }
      if (zL) for (let j = 0; j < n; j++) v += w[j] * zL[r * n + j];
      return v;
    });
  }

  forward(x: Float64Array, batch: number, out?: Float64Array): Float64Array {
    const [d, n, L] = [this.inDim, this.width, this.depth];
    if (x.length !== batch * d)
      throw new ConfigError(`ICNN input has ${x.length} values, expected ${batch}×${d}`);
    if (out && out.length !== batch * d)
      throw new ConfigError(`ICNN output array has ${out.length} values, expected ${batch}×${d}`);
    const ws = this.workspace(batch);
    ws.x.data.set(x);
    for (let l = 0; l < L; l++) {
      // a_l = z_l W_lᵀ + x A_lᵀ + b_l
      if (l === 0) this.mm(batch, d, n, ws.x, this.A[0], ws.pre[0], false, this.b[0].offset);
      else {
        this.mm(batch, n, n, ws.z[l - 1], this.W[l], ws.pre[l], false, this.b[l].offset);
        this.mm(batch, d, n, ws.x, this.A[l], ws.pre[l], true);
      }
      const [a, z, s] = [ws.pre[l].data, ws.z[l].data, ws.s[l].data];
      for (let i = 0; i < a.length; i++) {
        const v = a[i];
        // softplus and its derivative, without overflow for large |v|
        const e = Math.exp(-Math.abs(v));
        z[i] = Math.max(v, 0) + Math.log1p(e);
        s[i] = v >= 0 ? 1 / (1 + e) : e / (1 + e);
      }
    }
    // reverse pass of φ: e_{L−1} = s ⊙ w, δ_l = e_l W_l, e_{l−1} = s_{l−1} ⊙ δ_l
    const w = this.w.data;
    if (L > 0) {
      const [e, s] = [ws.e[L - 1].data, ws.s[L - 1].data];
      for (let i = 0; i < e.length; i++) e[i] = s[i] * w[i % n];
    }
    for (let l = L - 1; l >= 1; l--) {
      this.mmNN(batch, n, n, ws.e[l], this.W[l], ws.delta[l], false, ws.t1);
      const [e, s, delta] = [ws.e[l - 1].data, ws.s[l - 1].data, ws.delta[l].data];
      for (let i = 0; i < e.length; i++) e[i] = s[i] * delta[i];
    }
    // T = x M + c + Σ_l e_l A_l, M = αI + BᵀB symmetric
    this.quadraticMatrix();
    this.mm(batch, d, d, ws.x, this.M, ws.out, false, this.c.offset);
    for (let l = 0; l < L; l++) this.mmNN(batch, n, d, ws.e[l], this.A[l], ws.out, true, ws.t1);
    return copyOut(ws.out.data, out);
  }

  private quadraticMatrix(): void {
    const d = this.inDim;
    const [B, M] = [this.B.data, this.M.data];
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let v = i === j ? this.alpha : 0;
        for (let k = 0; k < d; k++) v += B[k * d + i] * B[k * d + j];
        M[i * d + j] = v;
      }
  }

  /** dL/dx (always computed: it is part of the pass), into `options.out` when given. */
  backward(
    dOut: Float64Array,
    grads?: ParameterGradients,
    _inputGradient?: boolean,
    options: BackwardOptions = {},
  ): Float64Array {
    const ws = this.ws;
    if (!ws) throw new ConfigError("ICNN.backward needs a forward pass first");
    const [d, n, L, batch] = [this.inDim, this.width, this.depth, ws.batch];
    if (dOut.length !== batch * d)
      throw new ConfigError(`ICNN.backward: expected ${batch}×${d} values, got ${dOut.length}`);
    if (options.segment !== undefined && options.segment !== batch)
      throw new ConfigError("ICNN.backward adds the parameter gradients over the whole batch");
    if (options.out && options.out.length !== batch * d)
      throw new ConfigError(`ICNN.backward: the output array must hold ${batch}×${d} values`);
    // gradient buffers in the order of `all`: A_l, b_l, W_1 … W_{L−1}, w, B, c
    const g = grads ? (grads as IcnnGradients).bufs : null;
    ws.g.data.set(dOut);
    // tangent pass along G: ȧ_l = ż_l W_lᵀ + G A_lᵀ, ż_{l+1} = s_l ⊙ ȧ_l
    for (let l = 0; l < L; l++) {
      if (l === 0) this.mm(batch, d, n, ws.g, this.A[0], ws.adot[0], false);
      else {
        this.mm(batch, n, n, ws.zdot[l - 1], this.W[l], ws.adot[l], false);
        this.mm(batch, d, n, ws.g, this.A[l], ws.adot[l], true);
      }
      const [a, s, zd] = [ws.adot[l].data, ws.s[l].data, ws.zdot[l].data];
      for (let i = 0; i < a.length; i++) zd[i] = s[i] * a[i];
    }
    // the quadratic part: x̄ = G M; B̄ += B(XᵀG + GᵀX); c̄ += Σ_r G_r
    this.mm(batch, d, d, ws.g, this.M, ws.out, false);
    if (g) {
      this.S.data.fill(0);
      this.mmTN(batch, d, d, ws.x, ws.g, this.S);
      const S = this.S.data;
      const [B, gB, gc] = [this.B.data, g[3 * L].data, g[3 * L + 1].data];
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++) {
          let v = 0;
          for (let k = 0; k < d; k++) v += B[i * d + k] * (S[k * d + j] + S[j * d + k]);
          gB[i * d + j] += v;
        }
      for (let r = 0; r < batch; r++) for (let i = 0; i < d; i++) gc[i] += dOut[r * d + i];
      if (L > 0) {
        const [gw, zL] = [g[3 * L - 1].data, ws.zdot[L - 1].data];
        for (let i = 0; i < zL.length; i++) gw[i % n] += zL[i];
      }
    }
    // reverse sweep
    const w = this.w.data;
    for (let l = L - 1; l >= 0; l--) {
      const [adj, adot, s] = [ws.adj.data, ws.adot[l].data, ws.s[l].data];
      if (l === L - 1)
        for (let i = 0; i < adj.length; i++) adj[i] = s[i] * (1 - s[i]) * adot[i] * w[i % n];
      else {
        const [delta, zbar] = [ws.delta[l + 1].data, ws.zbar.data];
        for (let i = 0; i < adj.length; i++)
          adj[i] = s[i] * ((1 - s[i]) * adot[i] * delta[i] + zbar[i]);
      }
      if (g) {
        if (l >= 1) {
          const gW = g[2 * L + l - 1];
          this.mmTN(batch, n, n, ws.e[l], ws.zdot[l - 1], gW);
          this.mmTN(batch, n, n, ws.adj, ws.z[l - 1], gW);
        }
        this.mmTN(batch, n, d, ws.e[l], ws.g, g[l]);
        this.mmTN(batch, n, d, ws.adj, ws.x, g[l]);
        const gb = g[L + l].data;
        for (let i = 0; i < adj.length; i++) gb[i % n] += adj[i];
      }
      this.mmNN(batch, n, d, ws.adj, this.A[l], ws.out, true, ws.t1);
      if (l >= 1) this.mmNN(batch, n, n, ws.adj, this.W[l], ws.zbar, false, ws.t1);
    }
    return copyOut(ws.out.data, options.out);
  }
}
