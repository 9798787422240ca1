/**
 * Responsiveness of the web explorer in Chromium (Debian's, via playwright-core): for each
 * panel at default settings, the time from a control change to the first new frame on screen,
 * and the frames drawn per second while its flows run. The worker runs the same code as Node;
 * the page draws with Observable Plot once per display frame at most.
 *   npx tsx bench/web.ts   (after npm run build:web)
 */
import { median, machine, updateBenchmarksDoc, writeResults } from "./common.js";
import { openHarness, settled } from "../test/web/harness.js";

const CHANGES = 7;
/** The control nudged in each panel: a range input, moved one step up and down in turn. */
const PANELS: [string, string][] = [
  ["heat", "tau"],
  ["porous", "m"],
  ["mmd", "n"],
  ["interaction", "s"],
  ["geometry", "smoothing"],
  ["fokker-planck", "noise"],
  ["relu", "n"],
  ["playground", "temperature"],
];

interface Span {
  start: number;
  end?: number;
}
interface Stats {
  latencies: number[];
  draws: number[];
  runs: number;
  spans: Span[];
}

const h = await openHarness();
const rows: {
  panel: string;
  latency_ms: number;
  latencies_ms: number[];
  run_s: number;
  fps: number;
}[] = [];
try {
  for (const [panel, control] of PANELS) {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${h.url}?panel=${panel}`);
    await settled(page, 1);
    const input = page.locator(`#${panel}-${control}`);
    for (let k = 0; k < CHANGES; k++) {
      await input.focus();
      await page.keyboard.press(k % 2 === 0 ? "ArrowRight" : "ArrowLeft");
      await settled(page, k + 2);
    }
    const s = (await page.evaluate(() => window.ottoflowStats)) as Stats;
    // Skip the page load's run: its first frame includes starting the worker.
    const latencies = s.latencies.slice(1);
    const fps = s.spans.slice(1).map(({ start, end }) => {
      const drawn = s.draws.filter((t) => t >= start && t <= (end ?? start));
      const seconds = ((end ?? start) - start) / 1000;
      return { seconds, fps: drawn.length / Math.max(seconds, 1e-9) };
    });
    rows.push({
      panel,
      latency_ms: median(latencies),
      latencies_ms: latencies.map((x) => Math.round(x)),
      run_s: median(fps.map((f) => f.seconds)),
      fps: median(fps.map((f) => f.fps)),
    });
    console.log(JSON.stringify(rows[rows.length - 1]));
    await page.close();
  }
} finally {
  await h.close();
}

const all = rows.flatMap((r) => r.latencies_ms);
const long = rows.filter((r) => r.run_s >= 1);
const result = {
  machine: machine(),
  browser: "Debian chromium, headless",
  changes_per_panel: CHANGES,
  median_latency_ms: median(all),
  median_fps_runs_over_1s: long.length ? median(long.map((r) => r.fps)) : null,
  panels: rows,
};
writeResults("web", result);
const f = (x: number, d = 0) => x.toFixed(d);
updateBenchmarksDoc(
  "web",
  `## Web explorer responsiveness

\`npx tsx bench/web.ts\`: headless Debian Chromium on this machine (${result.machine.cores} cores), default settings,
${CHANGES} one-step changes of one slider per panel (keyboard), medians. *Latency*: from the
input event to the first frame of the new run drawn on screen (goal ≤ 100 ms). *Frames/s*:
distinct frames drawn while the panel's flows run (goal ≥ 30); runs shorter than a second end
before a frame rate means much.

| panel | control | latency (ms) | run (s) | frames/s |
|---|---|---:|---:|---:|
${rows.map((r, k) => `| ${r.panel} | ${PANELS[k][1]} | ${f(r.latency_ms)} | ${f(r.run_s, 2)} | ${f(r.fps)} |`).join("\n")}

Median latency over all changes: **${f(result.median_latency_ms)} ms**; median frame rate of
the runs longer than a second: **${result.median_fps_runs_over_1s === null ? "—" : f(result.median_fps_runs_over_1s)} frames/s**.`,
);
console.log(
  `median latency ${f(result.median_latency_ms)} ms; fps ${result.median_fps_runs_over_1s}`,
);
