/**
 * Weighted undirected graphs for the discrete flows: named families and user edge lists,
 * validated, with a drawing layout. The random walk jumps x → y at rate w_xy; with symmetric
 * rates its invariant law is uniform.
 */
import { ConfigError } from "../core/errors.js";
import { eigSymmetric } from "../core/linalg.js";
import { matrix } from "../core/matrix.js";

export interface Graph {
  readonly nodes: number;
  /** Edges (i < j), with positive weights. */
  readonly edges: readonly { i: number; j: number; w: number }[];
  /** A 2D position per node, for pictures only. */
  readonly layout: Float64Array;
}

/** The reference semigroup diagonalises the dense generator, so graphs stay small. */
export const MAX_NODES = 400;

const onCircle = (n: number): Float64Array =>
  Float64Array.from({ length: 2 * n }, (_, k) =>
    k % 2 === 0 ? Math.cos((2 * Math.PI * (k >> 1)) / n) : Math.sin((2 * Math.PI * (k >> 1)) / n),
  );

/** A graph from edges [i, j] or [i, j, w]; nodes are 0 … max index. */
export function graphFromEdges(list: readonly (readonly number[])[], layout?: Float64Array): Graph {
  if (list.length === 0) throw new ConfigError("a graph needs at least one edge");
  const seen = new Map<string, number>();
  let nodes = 0;
  const edges = list.map((e, k) => {
    const [a, b, w = 1] = e;
    if (e.length < 2 || e.length > 3 || ![a, b].every((v) => Number.isInteger(v) && v >= 0))
      throw new ConfigError(
        `edge ${k} is ${JSON.stringify(e)}`,
        "write edges as [i, j] or [i, j, weight] with node indices 0, 1, 2, …",
      );
    if (a === b) throw new ConfigError(`edge ${k} is a loop at node ${a}; loops do not move mass`);
    if (!(w > 0) || !Number.isFinite(w))
      throw new ConfigError(`edge ${k} has weight ${w}; weights must be positive`);
    const [i, j] = a < b ? [a, b] : [b, a];
    const id = `${i}-${j}`;
    if (seen.has(id)) throw new ConfigError(`edge ${k} repeats edge ${seen.get(id)} (${i}–${j})`);
    seen.set(id, k);
    nodes = Math.max(nodes, j + 1);
    return { i, j, w };
  });
  if (nodes > MAX_NODES)
    throw new ConfigError(
      `the graph has ${nodes} nodes; at most ${MAX_NODES} are supported`,
      "the reference semigroup is a dense eigendecomposition (O(n³))",
    );
  const graph: Graph = { nodes, edges, layout: layout ?? onCircle(nodes) };
  const component = reachable(graph);
  if (component < nodes)
    throw new ConfigError(
      `the graph is not connected: node 0 reaches ${component} of ${nodes} nodes`,
      "add edges (an isolated part never exchanges mass, so the flow has no unique limit)",
    );
  return graph;
}

function reachable(g: Graph): number {
  const adjacent: number[][] = Array.from({ length: g.nodes }, () => []);
  for (const { i, j } of g.edges) {
    adjacent[i].push(j);
    adjacent[j].push(i);
  }
  const seen = new Set([0]);
  const stack = [0];
  while (stack.length)
    for (const y of adjacent[stack.pop()!])
      if (!seen.has(y)) {
        seen.add(y);
        stack.push(y);
      }
  return seen.size;
}

/** "cycle:N", "path:N", "complete:N", "star:N", "grid:AxB". */
export function namedGraph(spec: string): Graph {
  const m = /^(cycle|path|complete|star|grid):(\d+)(?:x(\d+))?$/.exec(spec);
  if (!m)
    throw new ConfigError(
      `unknown graph "${spec}"`,
      "use cycle:N, path:N, complete:N, star:N or grid:AxB, or pass edges=[[0,1],[1,2],…]",
    );
  const n = Number(m[2]);
  if (n < 2 || n > MAX_NODES)
    throw new ConfigError(`graph size must be in [2, ${MAX_NODES}], got ${n}`);
  const edges: number[][] = [];
  switch (m[1]) {
    case "cycle":
      if (n < 3) throw new ConfigError("a cycle needs at least 3 nodes");
      for (let i = 0; i < n; i++) edges.push([i, (i + 1) % n]);
      return graphFromEdges(edges);
    case "path":
      for (let i = 0; i + 1 < n; i++) edges.push([i, i + 1]);
      return graphFromEdges(
        edges,
        Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 ? 0 : k >> 1)),
      );
    case "complete":
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges.push([i, j]);
      return graphFromEdges(edges);
    case "star": {
      for (let i = 1; i < n; i++) edges.push([0, i]);
      const layout = onCircle(n);
      layout[0] = layout[1] = 0;
      return graphFromEdges(edges, layout);
    }
    default: {
      const b = Number(m[3] ?? n);
      const at = (r: number, c: number) => r * b + c;
      for (let r = 0; r < n; r++)
        for (let c = 0; c < b; c++) {
          if (c + 1 < b) edges.push([at(r, c), at(r, c + 1)]);
          if (r + 1 < n) edges.push([at(r, c), at(r + 1, c)]);
        }
      return graphFromEdges(
        edges,
        Float64Array.from({ length: 2 * n * b }, (_, k) =>
          k % 2 ? Math.floor((k >> 1) / b) : (k >> 1) % b,
        ),
      );
    }
  }
}

/** (Lp)_x = Σ_y w_xy (p_y − p_x): the random walk's generator acting on a law. */
export function applyGenerator(g: Graph, p: Float64Array): Float64Array {
  const out = new Float64Array(g.nodes);
  for (const { i, j, w } of g.edges) {
    const flow = w * (p[j] - p[i]);
    out[i] += flow;
    out[j] -= flow;
  }
  return out;
}

/** The heat semigroup e^{tL}p₀, by the eigendecomposition of the symmetric generator. */
export function heatSemigroup(g: Graph, p0: Float64Array): (t: number) => Float64Array {
  const n = g.nodes;
  const L = matrix(n, n);
  for (const { i, j, w } of g.edges) {
    L.data[i * n + j] += w;
    L.data[j * n + i] += w;
    L.data[i * n + i] -= w;
    L.data[j * n + j] -= w;
  }
  const { values, vectors } = eigSymmetric(L);
  const coef = Float64Array.from({ length: n }, (_, k) => {
    let s = 0;
    for (let x = 0; x < n; x++) s += vectors.data[x * n + k] * p0[x];
    return s;
  });
  return (t) => {
    const p = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const c = coef[k] * Math.exp(values[k] * t);
      for (let x = 0; x < n; x++) p[x] += c * vectors.data[x * n + k];
    }
    return p;
  };
}

/** The spectral gap λ₁ of −L: the rate at which the walk forgets its start. */
export function spectralGap(g: Graph): number {
  const n = g.nodes;
  const L = matrix(n, n);
  for (const { i, j, w } of g.edges) {
    L.data[i * n + j] -= w;
    L.data[j * n + i] -= w;
    L.data[i * n + i] += w;
    L.data[j * n + j] += w;
  }
  return eigSymmetric(L).values[1];
}
