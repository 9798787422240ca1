/**
 * Engine spike for the neural JKO (issue: neural variational JKO): one iteration of VWGF
 * Algorithm 1 exactly as ../shared/peers/vwgf_step.py does it (3 Adam steps on h, 1 on T;
 * batch 1000, width 64, depth 3, PReLU), written as plain float64 TypeScript with hand-derived
 * backward passes, timed against the peer in one run. A gradient check against central
 * differences guards the hand-written backward. Run: npx tsx bench/spikes/mlpStep.ts [dim]
 */
import { key, split } from "../../src/random/key.js";
import { normal, uniform } from "../../src/random/sample.js";
import { median, peer } from "../common.js";

interface Layer {
  w: Float64Array; // out×in, row-major
  b: Float64Array;
  slope: Float64Array; // PReLU slope (one per layer), unused on the last layer
  inDim: number;
  outDim: number;
}

function mlp(
  dIn: number,
  dOut: number,
  width: number,
  depth: number,
  k: ReturnType<typeof key>,
): Layer[] {
  const dims = [dIn, ...new Array(depth).fill(width), dOut];
  return dims.slice(1).map((out, l) => {
    const inDim = dims[l];
    const bound = 1 / Math.sqrt(inDim);
    const [kw, kb] = split(split(k, depth + 1)[l], 2);
    return {
      w: uniform(kw, out * inDim, -bound, bound),
      b: uniform(kb, out, -bound, bound),
      slope: Float64Array.of(0.25),
      inDim,
      outDim: out,
    };
  });
}

/** y = x Wᵀ + b for x (m×in): the inner loop runs over contiguous rows of W. */
function linear(x: Float64Array, m: number, L: Layer, y: Float64Array): void {
  const { w, b, inDim, outDim } = L;
  for (let r = 0; r < m; r++) {
    const xo = r * inDim;
    const yo = r * outDim;
    for (let o = 0; o < outDim; o++) {
      let s = b[o];
      const wo = o * inDim;
      for (let i = 0; i < inDim; i++) s += x[xo + i] * w[wo + i];
      y[yo + o] = s;
    }
  }
}

interface Tape {
  inputs: Float64Array[]; // input of each layer
  pre: Float64Array[]; // pre-activation of each layer
}

function forward(net: Layer[], x: Float64Array, m: number, tape?: Tape): Float64Array {
  let h = x;
  net.forEach((L, l) => {
    const z = new Float64Array(m * L.outDim);
    linear(h, m, L, z);
    if (tape) {
      tape.inputs.push(h);
      tape.pre.push(z);
    }
    if (l < net.length - 1) {
      const a = L.slope[0];
      const out = new Float64Array(z.length);
      for (let k = 0; k < z.length; k++) out[k] = z[k] > 0 ? z[k] : a * z[k];
      h = out;
    } else h = z;
  });
  return h;
}

interface Grads {
  w: Float64Array[];
  b: Float64Array[];
  slope: Float64Array[];
}

/** Back-propagates dOut (m×outDim); returns d input; accumulates weight gradients if `grads`. */
function backward(
  net: Layer[],
  tape: Tape,
  dOut: Float64Array,
  m: number,
  grads?: Grads,
): Float64Array {
  let g = dOut;
  for (let l = net.length - 1; l >= 0; l--) {
    const L = net[l];
    const z = tape.pre[l];
    if (l < net.length - 1) {
      const a = L.slope[0];
      const gz = new Float64Array(g.length);
      let ds = 0;
      for (let k = 0; k < g.length; k++) {
        if (z[k] > 0) gz[k] = g[k];
        else {
          gz[k] = a * g[k];
          ds += g[k] * z[k];
        }
      }
      if (grads) grads.slope[l][0] += ds;
      g = gz;
    }
    const xin = tape.inputs[l];
    const { w, inDim, outDim } = L;
    if (grads) {
      const gw = grads.w[l];
      const gb = grads.b[l];
      for (let r = 0; r < m; r++)
        for (let o = 0; o < outDim; o++) {
          const go = g[r * outDim + o];
          gb[o] += go;
          const wo = o * inDim;
          const xo = r * inDim;
          for (let i = 0; i < inDim; i++) gw[wo + i] += go * xin[xo + i];
        }
    }
    const gin = new Float64Array(m * inDim);
    for (let r = 0; r < m; r++)
      for (let o = 0; o < outDim; o++) {
        const go = g[r * outDim + o];
        const wo = o * inDim;
        const io = r * inDim;
        for (let i = 0; i < inDim; i++) gin[io + i] += go * w[wo + i];
      }
    g = gin;
  }
  return g;
}

const zeros = (net: Layer[]): Grads => ({
  w: net.map((L) => new Float64Array(L.w.length)),
  b: net.map((L) => new Float64Array(L.b.length)),
  slope: net.map(() => new Float64Array(1)),
});

class Adam {
  private t = 0;
  private m: Grads;
  private v: Grads;
  constructor(
    private net: Layer[],
    private lr: number,
  ) {
    this.m = zeros(net);
    this.v = zeros(net);
  }
  step(g: Grads): void {
    this.t++;
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    const upd = (p: Float64Array, gr: Float64Array, m: Float64Array, v: Float64Array) => {
      for (let k = 0; k < p.length; k++) {
        m[k] = b1 * m[k] + (1 - b1) * gr[k];
        v[k] = b2 * v[k] + (1 - b2) * gr[k] * gr[k];
        p[k] -= (this.lr * (m[k] / c1)) / (Math.sqrt(v[k] / c2) + eps);
      }
    };
    this.net.forEach((L, l) => {
      upd(L.w, g.w[l], this.m.w[l], this.v.w[l]);
      upd(L.b, g.b[l], this.m.b[l], this.v.b[l]);
      upd(L.slope, g.slope[l], this.m.slope[l], this.v.slope[l]);
    });
  }
}

const dim = Number(process.argv[2] ?? 2);
const [M, width, depth, inner, a, lr] = [1000, 64, 3, 3, 0.05, 1e-3];
const root = key(0);
const T = mlp(dim, dim, width, depth, split(root, 4)[0]);
const h = mlp(dim, 1, width, depth, split(root, 4)[1]);
const optT = new Adam(T, lr);
const optH = new Adam(h, lr);
let it = 0;

function iteration(): number {
  const [kx, kz] = split(split(root, 4)[2], 2).map((k, i) => split(k, 1000)[(it + i) % 1000]);
  it++;
  const x = normal(kx, M * dim);
  const z = normal(kz, M * dim);
  const tx = forward(T, x, M);
  const y = Float64Array.from(tx, (v, k) => v + x[k]);
  for (let s = 0; s < inner; s++) {
    // maximise mean h(y) − mean exp(h(z) − 1): gradient of −D
    const g = zeros(h);
    const ty: Tape = { inputs: [], pre: [] };
    forward(h, y, M, ty);
    backward(h, ty, new Float64Array(M).fill(-1 / M), M, g);
    const tz: Tape = { inputs: [], pre: [] };
    const hz = forward(h, z, M, tz);
    backward(
      h,
      tz,
      Float64Array.from(hz, (v) => Math.exp(v - 1) / M),
      M,
      g,
    );
    optH.step(g);
  }
  // primal: mean|y − x|²/(2a) + mean h(y) + mean(log μ(y) − log q(y)), q = N(0, I) here
  const tT: Tape = { inputs: [], pre: [] };
  const out = forward(T, x, M, tT);
  const yy = Float64Array.from(out, (v, k) => v + x[k]);
  const th: Tape = { inputs: [], pre: [] };
  const hy = forward(h, yy, M, th);
  const dy = backward(h, th, new Float64Array(M).fill(1 / M), M);
  let loss = 0;
  for (let k = 0; k < yy.length; k++) {
    const diff = yy[k] - x[k];
    loss += (diff * diff) / (2 * a * M);
    dy[k] += diff / (a * M); // log μ − log q = 0 for q = μ; the transport term only
  }
  for (const v of hy) loss += v / M;
  const gT = zeros(T);
  backward(T, tT, dy, M, gT); // the residual's identity part carries no weights
  optT.step(gT);
  return loss;
}

// Gradient check of the hand-written backward (float64, central differences).
{
  const m = 7;
  const xs = normal(key(9), m * dim);
  const loss = () => forward(h, xs, m).reduce((s, v) => s + Math.sin(v), 0);
  const tape: Tape = { inputs: [], pre: [] };
  const hv = forward(h, xs, m, tape);
  const g = zeros(h);
  backward(h, tape, Float64Array.from(hv, Math.cos), m, g);
  let worst = 0;
  for (const [l, k] of [
    [0, 3],
    [1, 100],
    [3, 5],
  ]) {
    const p = h[l].w;
    const keep = p[k];
    p[k] = keep + 1e-6;
    const up = loss();
    p[k] = keep - 1e-6;
    const down = loss();
    p[k] = keep;
    worst = Math.max(worst, Math.abs((up - down) / 2e-6 - g.w[l][k]));
  }
  console.log({ gradient_check_max_abs_error: worst });
}

for (let w = 0; w < 5; w++) iteration();
const times: number[] = [];
for (let r = 0; r < 30; r++) {
  const t0 = performance.now();
  iteration();
  times.push(performance.now() - t0);
}
const ours = median(times);
const f32 = peer("vwgf_step.py", ["--dim", String(dim), "--threads", "1", "--dtype", "f32"]);
const f64 = peer("vwgf_step.py", ["--dim", String(dim), "--threads", "1", "--dtype", "f64"]);
console.log({
  dim,
  ts_f64_ms: ours,
  torch_f32_ms: f32.ms_per_iter_median,
  torch_f64_ms: f64.ms_per_iter_median,
  ratio_vs_f32: ours / f32.ms_per_iter_median,
  ratio_vs_f64: ours / f64.ms_per_iter_median,
});
