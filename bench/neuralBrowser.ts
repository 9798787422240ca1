/**
 * The neural JKO in a browser: one iteration of VWGF Algorithm 1 in headless Chromium (Debian's,
 * via playwright-core) beside Node, for the workload of bench/neuralJko.ts — batch 1000, width
 * 64, depth 3, J2 = 3, d = 2 and 32, float32 — each engine on the fused multiply–add build of
 * the dense kernels (relaxed SIMD) and on the plain one. Both run this file: Vite bundles it
 * for a module worker (what the explorer runs the library in), and Node imports it. Five
 * rounds over the cases, each case 20 timed iterations after 5 in one engine and then the
 * other, so that a change in the shared machine's load falls on both; medians of the 100, and the fastest. Then
 * the explorer's Neural JKO panel at its defaults: the time a JKO step takes there (training,
 * pushing the pool, the energy distance and ρ_k on its 40 × 40 grid).
 *   npx tsx bench/neuralBrowser.ts   (after npm run build:explorer, for the panel's row)
 */
import { type KernelBuild, arena, setKernelBuild } from "../src/nn/arena.js";
import { Adam, Mlp } from "../src/nn/mlp.js";
import { foldIn, key, split } from "../src/random/key.js";
import { normal } from "../src/random/sample.js";

/** One measurement: the dimension and the build of the dense kernels (float32 throughout). */
export interface Case {
  dim: number;
  build: KernelBuild;
}

/** The iteration times (ms) of a case, or the reason it cannot run in this engine. */
export type Measured = { times: number[] } | { missing: string };

const [M, width, depth, inner, a, lr] = [1000, 64, 3, 3, 0.05, 1e-3];
const [WARMUP, REPS, ROUNDS] = [5, 20, 5];

/** Algorithm 1's iteration on ottoflow's engine, as bench/neuralJko.ts times it. */
export function iterationTimes({ dim, build }: Case): Measured {
  setKernelBuild(build);
  if (arena("f32").build !== build) return { missing: `no ${build} kernels in this engine` };
  const keys = split(key(0), 5);
  const T = new Mlp(dim, dim, width, depth, true, keys[0], "f32");
  const h = new Mlp(dim, 1, width, depth, false, keys[1], "f32");
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
  const iteration = (): void => {
    const [kx, kz] = split(foldIn(keys[4], it++), 2);
    const x = normal(kx, M * dim);
    const z = normal(kz, M * dim);
    const y = T.forward(x, M);
    for (let s = 0; s < inner; s++) {
      const g = h.zeroGradients();
      h.forward(y, M);
      h.backward(new Float64Array(M).fill(-1 / M), g, false);
      const hz = h.forward(z, M);
      h.backward(
        Float64Array.from(hz, (v) => Math.exp(v - 1) / M),
        g,
        false,
      );
      optH.step(g);
    }
    h.forward(y, M);
    const dy = h.backward(new Float64Array(M).fill(1 / M));
    for (let r = 0; r < M; r++)
      for (let i = 0; i < dim; i++) {
        const k = r * dim + i;
        // ∇ of |y − x|²/(2a) + log μ(y) − log q(y) = (y − x)/a − y + A(y − b)
        let ay = 0;
        for (let j = 0; j < dim; j++) ay += A[i * dim + j] * (y[r * dim + j] - b[j]);
        dy[k] += ((y[k] - x[k]) / a - y[k] + ay) / M;
      }
    const gT = T.zeroGradients();
    T.backward(dy, gT);
    optT.step(gT);
  };
  for (let w = 0; w < WARMUP; w++) iteration();
  const times: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    iteration();
    times.push(performance.now() - t0);
  }
  return { times };
}

const CASES: Case[] = [2, 32].flatMap((dim) =>
  (["fma", "plain"] as const).map((build) => ({ dim, build })),
);

/** The page that hosts the bundle as a module worker and asks it for each case. */
const PAGE = `<!doctype html><meta charset="utf-8"><title>neural JKO iteration</title><script type="module">
const worker = new Worker("./neuralBrowser.js", { type: "module" });
window.measure = (c) => new Promise((resolve, reject) => {
  worker.onmessage = (e) => resolve(e.data);
  worker.onerror = (e) => reject(new Error(e.message));
  worker.postMessage(c);
});
</script>`;

/** Bundles this file for the browser (its Node half stays behind dynamic imports, external). */
async function bundle(dir: string): Promise<void> {
  const { build } = await import("vite");
  const { writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const self = new URL(import.meta.url).pathname;
  await build({
    configFile: false,
    logLevel: "warn",
    build: {
      outDir: dir,
      emptyOutDir: false,
      target: "es2022",
      minify: false,
      lib: { entry: self, formats: ["es"], fileName: () => "neuralBrowser.js" },
      rollupOptions: {
        external: (id) =>
          id.startsWith("node:") ||
          ["vite", "playwright-core", "prettier"].includes(id) ||
          /(^|\/)(common|harness|serve)(\.js)?$/.test(id),
      },
    },
  });
  writeFileSync(join(dir, "index.html"), PAGE);
}

interface PanelTiming {
  steps: number;
  run_s: number;
  step_s: number;
  density_ms: number;
  kernels: string;
}

/** The explorer's Neural JKO panel at its defaults, in the built site: seconds a step. */
async function panelTiming(
  browser: import("playwright-core").Browser,
): Promise<PanelTiming | undefined> {
  const { existsSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { SITE, settled } = await import("../test/web/harness.js");
  const { serveSite } = await import("../src/cli/serve.js");
  if (!existsSync(join(SITE, "index.html"))) return undefined;
  const { server, url } = await serveSite(SITE, { port: 0 });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${url}?panel=neural`);
    await settled(page, 1, 300_000);
    const span = await page.evaluate(
      () =>
        (window as unknown as { ottoflowStats: { spans: { start: number; end: number }[] } })
          .ottoflowStats.spans[0],
    );
    const caption = (await page.locator("#figures .live-caption").textContent()) ?? "";
    const steps = Number(caption.match(/^k = (\d+)/)?.[1]);
    await page.close();
    const run = (span.end - span.start) / 1000;
    return {
      steps,
      run_s: run,
      step_s: run / steps,
      density_ms: Number(caption.match(/in (\d+) ms/)?.[1]),
      kernels: caption.match(/\((fused multiply–add|plain SIMD) kernels\)/)?.[1] ?? "?",
    };
  } finally {
    await new Promise<void>((done) => server.close(() => done()));
  }
}

async function main(): Promise<void> {
  // Node 20 compiles relaxed SIMD behind a flag, set before any module is compiled (as the CLI does).
  const v8 = await import("node:v8");
  v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { loadavg, tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { chromium } = await import("playwright-core");
  const { chromiumPath } = await import("../test/web/harness.js");
  const { serveSite } = await import("../src/cli/serve.js");
  const { machine, median, updateBenchmarksDoc, writeResults } = await import("./common.js");

  const dir = mkdtempSync(join(tmpdir(), "ottoflow-neural-browser-"));
  await bundle(dir);
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("no chromium: apt-get install chromium");
  const load = [loadavg()[0]];
  const { server, url } = await serveSite(dir, { port: 0 });
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  const rows: Record<string, number | string | null>[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => "measure" in window);
    const times = new Map<Case, { node: number[]; chromium: number[]; missing?: string }>(
      CASES.map((c) => [c, { node: [], chromium: [] }]),
    );
    for (let round = 0; round < ROUNDS; round++)
      for (const c of CASES) {
        const kept = times.get(c)!;
        const inBrowser = (await page.evaluate(
          (arg) => (window as unknown as { measure(c: Case): Promise<Measured> }).measure(arg),
          c,
        )) as Measured;
        const inNode = iterationTimes(c);
        for (const [m, into] of [
          [inBrowser, kept.chromium],
          [inNode, kept.node],
        ] as const)
          if ("times" in m) into.push(...m.times);
          else kept.missing = m.missing;
      }
    for (const [c, { node, chromium, missing }] of times) {
      const [n, b] = [node.length ? median(node) : null, chromium.length ? median(chromium) : null];
      rows.push({
        dim: c.dim,
        kernels: c.build,
        node_ms: n,
        chromium_ms: b,
        ratio: n && b ? b / n : null,
        // the fastest iteration: what each engine does when the shared machine lets it
        node_min_ms: node.length ? Math.min(...node) : null,
        chromium_min_ms: chromium.length ? Math.min(...chromium) : null,
        ratio_fastest:
          node.length && chromium.length ? Math.min(...chromium) / Math.min(...node) : null,
        iterations: Math.min(node.length, chromium.length),
      });
      console.log(rows.at(-1), missing ?? "");
    }
    await page.close();
    const panel = await panelTiming(browser);
    console.log({ panel });
    load.push(loadavg()[0]);
    const info = { ...machine(), chromium: browser.version() };
    writeResults("neural-browser", { machine: info, load_1min: load, rows, panel });
    const f = (v: number | string | null, digits = 3) =>
      typeof v === "number" ? v.toPrecision(digits) : "—";
    const build = (k: unknown) => (k === "fma" ? "fused multiply–add" : "plain");
    updateBenchmarksDoc(
      "neural-browser",
      `## Neural JKO in the browser: one Algorithm-1 iteration, Chromium vs Node\n\n` +
        `\`npx tsx bench/neuralBrowser.ts\`, ${info.date.slice(0, 10)}, ${info.cpu} (${info.cores} cores, shared; load average ${load.map((l) => l.toFixed(1)).join(" at the start, ")} at the end), Node ${info.node}, headless Chromium ${info.chromium}. The workload of bench/neuralJko.ts in float32 (batch 1000, width 64, depth 3, J2 = 3): the same code on the same WebAssembly kernels — in Chromium bundled by Vite into a module worker, as the explorer runs the library — on the fused multiply–add build (relaxed SIMD: on by default in Chromium, behind the flag the CLI sets in Node 20) and on the plain one; five rounds over the cases, each case 20 timed iterations after 5 in one engine then the other (so that the shared machine's load falls on both): medians of the 100 and, in brackets, the fastest — what each engine does when it has a core to itself, steadier than the medians on these shared cores. Chromium's clock in a worker ticks in 0.1 ms.\n\n` +
        "| d | kernels | Node ms (fastest) | Chromium ms (fastest) | Chromium / Node (fastest) |\n| --- | --- | ---: | ---: | ---: |\n" +
        rows
          .map(
            (r) =>
              `| ${r.dim} | ${build(r.kernels)} | ${f(r.node_ms)} (${f(r.node_min_ms)}) | ${f(r.chromium_ms)} (${f(r.chromium_min_ms)}) | ${f(r.ratio, 2)} (${f(r.ratio_fastest, 2)}) |`,
          )
          .join("\n") +
        (panel
          ? `\n\nThe explorer's Neural JKO panel at its defaults (mixture, a = 0.1, J1 = 100, pool 2000, batch 500, width 32, residual map) on ${panel.kernels} kernels: ${panel.steps} steps in ${panel.run_s.toFixed(1)} s, ${panel.step_s.toFixed(2)} s a step — the training, the push, the energy distance to 2000 target samples and ρ_k on 40 × 40 points (the last, through ${panel.steps} inverted maps, ${panel.density_ms} ms).`
          : ""),
    );
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.close(() => done()));
    rmSync(dir, { recursive: true, force: true });
  }
}

const inNode = typeof process !== "undefined" && !!process.versions?.node;
const inWorker = !inNode && "WorkerGlobalScope" in globalThis;
if (inNode) await main();
else if (inWorker)
  (globalThis as unknown as Worker).onmessage = (e: MessageEvent<Case>) =>
    (globalThis as unknown as Worker).postMessage(iterationTimes(e.data));
