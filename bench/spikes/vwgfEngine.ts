/**
 * Engine spike, second round: one iteration of VWGF Algorithm 1 (the workload of
 * ../shared/peers/vwgf_step.py: KL to N(b, A⁻¹), 3 Adam steps on h, 1 on T, batch 1000,
 * width 64, depth 3) on ottoflow's float64 engine (src/nn: WebAssembly GEMMs), timed against
 * the peer in f64 and f32 in one run. Run: npx tsx bench/spikes/vwgfEngine.ts [dim]
 */
import { Adam, Mlp } from "../../src/nn/mlp.js";
import { key, split } from "../../src/random/key.js";
import { normal } from "../../src/random/sample.js";
import { median, peer } from "../common.js";

const dim = Number(process.argv[2] ?? 2);
const [M, width, depth, inner, a, lr] = [1000, 64, 3, 3, 0.05, 1e-3];
const keys = split(key(0), 5);
const T = new Mlp(dim, dim, width, depth, true, keys[0]);
const h = new Mlp(dim, 1, width, depth, false, keys[1]);
const optT = new Adam(T, lr);
const optH = new Adam(h, lr);
// A = I + GGᵀ/d, b: the OU target's precision and mean
const G = normal(keys[2], dim * dim);
const A = new Float64Array(dim * dim);
for (let i = 0; i < dim; i++)
  for (let j = 0; j < dim; j++) {
    let s = i === j ? 1 : 0;
    for (let l = 0; l < dim; l++) s += (G[i * dim + l] * G[j * dim + l]) / dim;
    A[i * dim + j] = s;
  }
const b = normal(keys[3], dim);
let it = 0;

function iteration(): number {
  const [kx, kz] = split(split(keys[4], 100_000)[it++], 2);
  const x = normal(kx, M * dim);
  const z = normal(kz, M * dim);
  const y = T.forward(x, M);
  for (let s = 0; s < inner; s++) {
    const g = h.zeroGradients();
    h.forward(y, M);
    h.backward(new Float64Array(M).fill(-1 / M), g);
    const hz = h.forward(z, M);
    h.backward(
      Float64Array.from(hz, (v) => Math.exp(v - 1) / M),
      g,
    );
    optH.step(g);
  }
  const yy = T.forward(x, M);
  const hy = h.forward(yy, M);
  const dy = h.backward(new Float64Array(M).fill(1 / M));
  let loss = 0;
  for (let r = 0; r < M; r++) {
    for (let i = 0; i < dim; i++) {
      const k = r * dim + i;
      const diff = yy[k] - x[k];
      loss += (diff * diff) / (2 * a * M);
      // ∇ of |y − x|²/(2a) + log μ(y) − log q(y) = (y − x)/a − y + A(y − b)
      let ay = 0;
      for (let j = 0; j < dim; j++) ay += A[i * dim + j] * (yy[r * dim + j] - b[j]);
      dy[k] += (diff / a - yy[k] + ay) / M;
    }
    loss += hy[r] / M;
  }
  const gT = T.zeroGradients();
  T.backward(dy, gT);
  optT.step(gT);
  return loss;
}

for (let w = 0; w < 5; w++) iteration();
const times: number[] = [];
for (let r = 0; r < 50; r++) {
  const t0 = performance.now();
  iteration();
  times.push(performance.now() - t0);
}
const ours = median(times);
const f64 = peer("vwgf_step.py", ["--dim", String(dim), "--threads", "1", "--dtype", "f64"]);
const f32 = peer("vwgf_step.py", ["--dim", String(dim), "--threads", "1", "--dtype", "f32"]);
console.log({
  dim,
  ottoflow_f64_ms: ours,
  torch_f64_ms: f64.ms_per_iter_median,
  torch_f32_ms: f32.ms_per_iter_median,
  ratio_vs_f64: ours / f64.ms_per_iter_median,
  ratio_vs_f32: ours / f32.ms_per_iter_median,
});
