/**
 * Exact discrete optimal transport by the primal network simplex on the bipartite
 * transport graph (supplies a_i → demands b_j, arc costs C_ij, uncapacitated),
 * after the design of LEMON's NetworkSimplex (Kovács 2015) that POT also uses:
 * an artificial root with big-M arcs gives the first spanning tree; entering arcs
 * are chosen by block search, walked as row segments (after LEMON's initial pivots on the cheapest arc
 * into each demand node); the leaving arc by the strongly-feasible rule (first
 * blocking arc on the way up from the source side, last from the target side),
 * which prevents cycling under degeneracy.
 *
 * The tree is kept as parent pointers plus child lists (first child / next /
 * previous sibling), with depths; a pivot reverses the stem between the entering
 * and leaving arcs and shifts the potentials of the moved subtree only. Only tree
 * arcs carry flow (arcs are uncapacitated), so flow is stored per node, for the
 * arc to its parent. The hot routines are module functions over one state object
 * (closures created per call would make V8 deoptimise on every new problem).
 */
import { type Meter } from "../core/meter.js";
import { NumericalError } from "../core/errors.js";

export interface ExactTransport {
  /** Σ P_ij C_ij at the optimum. */
  cost: number;
  /** The optimal plan, sparse: rows i, columns j, masses (at most n + m − 1 entries). */
  plan: { i: Int32Array; j: Int32Array; mass: Float64Array };
  /** Dual potentials with f_i + g_j ≤ C_ij, equality on the support, Σ a f + Σ b g = cost. */
  f: Float64Array;
  g: Float64Array;
  iterations: number;
}

export interface NetworkSimplexOptions {
  maxIterations?: number;
  /** Told the pivots made so far (every 1024; how many remain is not known ahead). */
  meter?: Meter;
}

interface Simplex {
  n: number;
  m: number;
  realArcs: number;
  cost: Float64Array;
  tolerance: number;
  blockSize: number;
  /** Pricing cursor (row, column): no division in the hot loop. */
  ci: number;
  cj: number;
  /** Node u < n + m: supply nodes 0..n−1, demand nodes n..n+m−1; the root is n + m. */
  pi: Float64Array;
  flow: Float64Array;
  parent: Int32Array;
  /** Arc to the parent: e < realArcs is i → n + j with e = i·m + j; realArcs + u links u and the root. */
  pred: Int32Array;
  /** The pred arc points node → parent. */
  forward: Uint8Array;
  depth: Int32Array;
  firstChild: Int32Array;
  nextSibling: Int32Array;
  prevSibling: Int32Array;
  inTree: Uint8Array;
  stack: Int32Array;
}

function attach(t: Simplex, u: number, p: number): void {
  const first = t.firstChild[p];
  t.parent[u] = p;
  t.prevSibling[u] = -1;
  t.nextSibling[u] = first;
  if (first >= 0) t.prevSibling[first] = u;
  t.firstChild[p] = u;
}

function detach(t: Simplex, u: number): void {
  const prev = t.prevSibling[u];
  const next = t.nextSibling[u];
  if (prev >= 0) t.nextSibling[prev] = next;
  else t.firstChild[t.parent[u]] = next;
  if (next >= 0) t.prevSibling[next] = prev;
}

/**
 * Block search over the real arcs (artificial arcs never re-enter: their cost
 * dominates). Tree arcs are skipped explicitly: rounding can leave their reduced
 * cost a hair below zero, and a tree arc must never enter.
 */
function findEntering(t: Simplex): number {
  const { cost, pi, inTree, n, m, realArcs, blockSize } = t;
  const piT = pi.subarray(n, n + m);
  let best = -1;
  let bestValue = -t.tolerance;
  let i = t.ci;
  let j = t.cj;
  let scanned = 0;
  // Blocks are walked as row segments, so the inner loop has a single comparison per arc.
  while (scanned < realArcs) {
    let remaining = Math.min(blockSize, realArcs - scanned);
    scanned += remaining;
    while (remaining > 0) {
      const end = Math.min(m, j + remaining);
      const row = i * m;
      const piRow = pi[i];
      for (let jj = j; jj < end; jj++) {
        const rc = cost[row + jj] + piRow - piT[jj];
        if (rc < bestValue && inTree[row + jj] === 0) {
          bestValue = rc;
          best = row + jj;
        }
      }
      remaining -= end - j;
      j = end;
      if (j === m) {
        j = 0;
        if (++i === n) i = 0;
      }
    }
    if (best >= 0) break;
  }
  t.ci = i;
  t.cj = j;
  return best;
}

/** One simplex pivot on the real arc inArc (i → n + j) with negative reduced cost. */
function pivot(t: Simplex, inArc: number): void {
  const { parent, forward, flow, pred, depth, pi, n, m } = t;
  const i0 = Math.floor(inArc / m);
  const s = i0;
  const tt = n + (inArc - i0 * m);
  // Join node: climb from the deeper end.
  let u = s;
  let v = tt;
  while (u !== v) {
    if (depth[u] >= depth[v]) u = parent[u];
    else v = parent[v];
  }
  const join = u;
  // Push along inArc (s → tt), back up through the tree from tt and down to s.
  let delta = Infinity;
  let uOut = -1;
  let side = 0;
  for (let w = s; w !== join; w = parent[w]) {
    const d = forward[w] ? flow[w] : Infinity;
    if (d < delta) {
      delta = d;
      uOut = w;
      side = 1;
    }
  }
  for (let w = tt; w !== join; w = parent[w]) {
    const d = forward[w] ? Infinity : flow[w];
    if (d <= delta) {
      delta = d;
      uOut = w;
      side = 2;
    }
  }
  if (uOut < 0)
    throw new NumericalError("network simplex found an unbounded cycle (negative costs?)");
  if (delta > 0) {
    for (let w = s; w !== join; w = parent[w]) flow[w] += forward[w] ? -delta : delta;
    for (let w = tt; w !== join; w = parent[w]) flow[w] += forward[w] ? delta : -delta;
  }
  if (pred[uOut] < t.realArcs) t.inTree[pred[uOut]] = 0;
  t.inTree[inArc] = 1;
  // uIn is the endpoint of inArc on the leaving side; it hangs below vIn after the pivot.
  const uIn = side === 1 ? s : tt;
  const vIn = side === 1 ? tt : s;
  const rc = t.cost[inArc] + pi[s] - pi[tt];
  const sigma = uIn === s ? -rc : rc;
  // Reverse the stem uIn → … → uOut: each node's parent becomes the previous node on the stem.
  let w = uIn;
  let newParent = vIn;
  let newPred = inArc;
  let newForward = uIn === s ? 1 : 0; // inArc points uIn → vIn when uIn is its source
  let newFlow = delta; // inArc carries what was pushed around the cycle
  for (;;) {
    const oldParent = parent[w];
    const oldPred = pred[w];
    const oldForward = forward[w];
    const oldFlow = flow[w];
    detach(t, w);
    attach(t, w, newParent);
    pred[w] = newPred;
    forward[w] = newForward;
    flow[w] = newFlow;
    if (w === uOut) break; // its old pred arc, now empty, has left the tree
    newParent = w;
    newPred = oldPred;
    newForward = oldForward ? 0 : 1;
    newFlow = oldFlow;
    w = oldParent;
  }
  // Shift potentials and depths of the moved subtree (rooted at uIn), parents before children.
  const { stack, firstChild, nextSibling } = t;
  let top = 0;
  stack[top++] = uIn;
  while (top > 0) {
    const x = stack[--top];
    pi[x] += sigma;
    depth[x] = depth[parent[x]] + 1;
    for (let c = firstChild[x]; c >= 0; c = nextSibling[c]) stack[top++] = c;
  }
}

/**
 * Solves min Σ P_ij C_ij over couplings of a (n) and b (m); C is n×m row-major.
 * a and b must be non-negative with equal sums (callers normalise).
 */
export function networkSimplex(
  a: Float64Array,
  b: Float64Array,
  cost: Float64Array,
  options: NetworkSimplexOptions = {},
): ExactTransport {
  const n = a.length;
  const m = b.length;
  const nodes = n + m;
  const root = nodes;
  const realArcs = n * m;
  const maxIterations = options.maxIterations ?? 100_000_000;
  let maxCost = 0;
  for (let e = 0; e < realArcs; e++) maxCost = Math.max(maxCost, Math.abs(cost[e]));
  const artCost = (maxCost + 1) * (nodes + 1);
  const t: Simplex = {
    n,
    m,
    realArcs,
    cost,
    tolerance: 64e-14 * (maxCost + 1),
    blockSize: Math.max(10, Math.ceil(Math.sqrt(realArcs))),
    ci: 0,
    cj: 0,
    pi: new Float64Array(nodes + 1),
    flow: new Float64Array(nodes + 1),
    parent: new Int32Array(nodes + 1),
    pred: new Int32Array(nodes + 1),
    forward: new Uint8Array(nodes + 1),
    depth: new Int32Array(nodes + 1),
    firstChild: new Int32Array(nodes + 1).fill(-1),
    nextSibling: new Int32Array(nodes + 1).fill(-1),
    prevSibling: new Int32Array(nodes + 1).fill(-1),
    inTree: new Uint8Array(realArcs),
    stack: new Int32Array(nodes + 1),
  };
  // The artificial start: every node hangs from the root by a big-M arc carrying its supply.
  t.parent[root] = -1;
  t.pred[root] = -1;
  for (let u = 0; u < nodes; u++) {
    const supply = u < n ? a[u] : -b[u - n];
    attach(t, u, root);
    t.pred[u] = realArcs + u;
    t.depth[u] = 1;
    t.forward[u] = supply >= 0 ? 1 : 0;
    t.flow[u] = Math.abs(supply);
    t.pi[u] = supply >= 0 ? -artCost : artCost; // reduced cost c + π_s − π_t = 0 on the tree
  }

  let iterations = 0;
  const step = (arc: number): void => {
    if ((++iterations & 1023) === 0) options.meter?.(iterations, NaN, "pivots");
    if (iterations > maxIterations)
      throw new NumericalError(
        `network simplex did not finish in ${maxIterations} pivots`,
        "raise maxIterations",
      );
    pivot(t, arc);
  };
  // Initial pivots (LEMON's heuristic): the cheapest arc into each demand node is likely optimal.
  for (let j = 0; j < m; j++) {
    let bestI = 0;
    for (let i = 1; i < n; i++) if (cost[i * m + j] < cost[bestI * m + j]) bestI = i;
    const e = bestI * m + j;
    if (!t.inTree[e] && cost[e] + t.pi[bestI] - t.pi[n + j] < -t.tolerance) step(e);
  }
  for (let arc = findEntering(t); arc >= 0; arc = findEntering(t)) step(arc);

  for (let u = 0; u < nodes; u++)
    if (t.pred[u] >= realArcs && t.flow[u] > 1e-9 * (1 + Math.abs(u < n ? a[u] : b[u - n])))
      throw new NumericalError(
        "transport problem is infeasible: the masses of a and b differ",
        "normalise both to 1",
      );

  const rows: number[] = [];
  const cols: number[] = [];
  const mass: number[] = [];
  let total = 0;
  for (let u = 0; u < nodes; u++) {
    const e = t.pred[u];
    if (e < realArcs && t.flow[u] > 0) {
      const i = Math.floor(e / m);
      rows.push(i);
      cols.push(e - i * m);
      mass.push(t.flow[u]);
      total += t.flow[u] * cost[e];
    }
  }
  // Potentials are defined up to a constant: centre f so that the big-M offset cancels.
  const f = Float64Array.from({ length: n }, (_, i) => -t.pi[i]);
  const g = Float64Array.from({ length: m }, (_, j) => t.pi[n + j]);
  const shift = f.reduce((sum, x) => sum + x, 0) / n;
  for (let i = 0; i < n; i++) f[i] -= shift;
  for (let j = 0; j < m; j++) g[j] += shift;
  return {
    cost: total,
    plan: { i: Int32Array.from(rows), j: Int32Array.from(cols), mass: Float64Array.from(mass) },
    f,
    g,
    iterations,
  };
}
