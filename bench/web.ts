/**
 * Responsiveness of the web explorer in Chromium (Debian's, via playwright-core): for each
 * panel at default settings, the time from a control change to the first new frame on screen,
 * the new pictures drawn per second while its flows run, the display frames the page kept up
 * (requestAnimationFrame callbacks per second: below 60, the page janks), and the main
 * thread's long tasks (> 50 ms, by PerformanceObserver); then each panel at the largest
 * setting of its controls. The worker
 * runs the same code as Node; the page draws once per display frame at most (a static SVG by
 * Observable Plot, what moves on a canvas over it).
 *   npx tsx bench/web.ts   (after npm run build:web)
 * `--only PANEL` measures that panel alone and prints its rows, writing no table.
 */
import { loadavg } from "node:os";
import { median, machine, updateBenchmarksDoc, writeResults } from "./common.js";
import { openHarness, settled } from "../test/web/harness.js";

const CHANGES = 7;
const only = process.argv.includes("--only")
  ? process.argv[process.argv.indexOf("--only") + 1]
  : null;
const chosen = ([panel]: [string, string]) => only === null || panel === only;
/** The control nudged in each panel: a range input, moved one step up and down in turn. */
const PANELS: [string, string][] = [
  ["heat", "tau"],
  ["porous", "m"],
  ["mmd", "n"],
  ["interaction", "s"],
  ["geometry", "smoothing"],
  ["fokker-planck", "noise"],
  ["relu", "n"],
  ["neural", "a"],
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

/**
 * Each panel at the largest setting of its controls: the heaviest picture it can be asked for.
 * The last setting names the control nudged away and back to start the measured run.
 */
const LARGEST: [string, string][] = [
  ["heat", "steps=60&tau=0.3"],
  ["porous", "time=3&m=8"],
  ["mmd", "n=800&kernel=gaussian&width=3"],
  ["interaction", "longRange=on&time=20&s=3"],
  ["geometry", "smoothing=3"],
  ["fokker-planck", "drift=3&noise=3"],
  ["relu", "time=2000&n=400"],
  ["neural", "steps=40&map=icnn&outer=500"],
  ["playground", "until=5&dt=0.001"],
];

interface LongTask {
  start: number;
  duration: number;
}
/** Records the main thread's long tasks (start, duration) from the first script on. */
const watchLongTasks = () => {
  const w = window as unknown as { longTasks: LongTask[] };
  w.longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      w.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
};
/**
 * Records every display frame's time (requestAnimationFrame), from the first script on; a
 * script's text, so that nothing the bundler adds to a function's body reaches the page.
 */
const WATCH_DISPLAY =
  "window.displayFrames = []; (function tick(t) { window.displayFrames.push(t); requestAnimationFrame(tick); })(0);";
/** Display frames per second over [start, end] (ms since the page's start). */
const displayRate = async (page: import("playwright-core").Page, start: number, end: number) => {
  const frames = (await page.evaluate(
    () => (window as unknown as { displayFrames: number[] }).displayFrames,
  )) as number[];
  return frames.filter((t) => t >= start && t <= end).length / Math.max((end - start) / 1000, 1e-9);
};

/** The durations of the long tasks that started after `from` (ms since the page's start). */
const longTasksAfter = async (page: import("playwright-core").Page, from: number) =>
  (await page.evaluate(() => (window as unknown as { longTasks: LongTask[] }).longTasks))
    .filter((e) => e.start > from)
    .map((e) => e.duration);

/** The load on the machine when the measurement began: shared cores slow every row. */
const loadAtStart = loadavg()[0];
const h = await openHarness();
const rows: {
  panel: string;
  latency_ms: number;
  latencies_ms: number[];
  run_s: number;
  fps: number;
  display_fps: number;
  long_tasks: number;
  longest_task_ms: number;
}[] = [];
const largest: {
  panel: string;
  settings: string;
  /** From the page's load to its first frame (the worker's start-up included). */
  first_frame_ms: number;
  run_s: number;
  fps: number;
  display_fps: number;
  long_tasks: number;
  longest_task_ms: number;
}[] = [];
try {
  for (const [panel, control] of PANELS.filter(chosen)) {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(watchLongTasks);
    await page.addInitScript({ content: WATCH_DISPLAY });
    await page.goto(`${h.url}?panel=${panel}`);
    await settled(page, 1);
    const input = page.locator(`#${panel}-${control}`);
    for (let k = 0; k < CHANGES; k++) {
      await input.focus();
      await page.keyboard.press(k % 2 === 0 ? "ArrowRight" : "ArrowLeft");
      await settled(page, k + 2);
    }
    const s = (await page.evaluate(() => window.ottoflowStats)) as Stats;
    // Long tasks after the page load's run (which include compiling the page and the worker).
    const afterLoad = await longTasksAfter(page, s.spans[0]?.end ?? 0);
    // Skip the page load's run: its first frame includes starting the worker.
    const latencies = s.latencies.slice(1);
    const fps = await Promise.all(
      s.spans.slice(1).map(async ({ start, end }) => {
        const drawn = s.draws.filter((t) => t >= start && t <= (end ?? start));
        const seconds = ((end ?? start) - start) / 1000;
        return {
          seconds,
          fps: drawn.length / Math.max(seconds, 1e-9),
          display: await displayRate(page, start, end ?? start),
        };
      }),
    );
    rows.push({
      panel,
      latency_ms: median(latencies),
      latencies_ms: latencies.map((x) => Math.round(x)),
      run_s: median(fps.map((f) => f.seconds)),
      fps: median(fps.map((f) => f.fps)),
      display_fps: median(fps.map((f) => f.display)),
      long_tasks: afterLoad.length,
      longest_task_ms: Math.round(Math.max(0, ...afterLoad)),
    });
    console.log(JSON.stringify(rows[rows.length - 1]));
    await page.close();
  }
  for (const [panel, settings] of LARGEST.filter(chosen)) {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(watchLongTasks);
    await page.addInitScript({ content: WATCH_DISPLAY });
    await page.goto(`${h.url}?panel=${panel}&${settings}`);
    // The page's own run starts the worker: its first frame is reported, and the run measured
    // is one started after it ended, as a user would, by the last control moved one step away
    // and back (the run in between is cancelled by the second move).
    await page.waitForFunction(() => (window.ottoflowStats as Stats).draws.length > 0, null, {
      timeout: 60_000,
    });
    const loaded = (await page.evaluate(() => window.ottoflowStats)) as Stats;
    const firstFrameMs = loaded.draws[0] - loaded.spans[0].start;
    await settled(page, 1, 300_000); // the load's run ends first: nothing of it overlaps
    const control = page.locator(`#${panel}-${[...new URLSearchParams(settings).keys()].at(-1)}`);
    const before = await control.inputValue();
    await control.focus();
    await page.keyboard.press("ArrowLeft");
    const [away, back] =
      (await control.inputValue()) === before ? ["ArrowRight", "ArrowLeft"] : ["", "ArrowRight"];
    if (away) await page.keyboard.press(away);
    await page.keyboard.press(back);
    if ((await control.inputValue()) !== before)
      throw new Error(`${panel}: the nudge did not return`);
    // (a time control would scrub instead of running: the last setting is never one)
    const runs = await page.evaluate(() => (window.ottoflowStats as Stats).runs);
    if (runs < 2) throw new Error(`${panel}: moving ${settings} did not start a run`);
    await settled(page, runs, 300_000);
    const s = (await page.evaluate(() => window.ottoflowStats)) as Stats;
    const { start, end } = s.spans[s.spans.length - 1];
    const seconds = ((end ?? start) - start) / 1000;
    const tasks = await longTasksAfter(page, start);
    largest.push({
      panel,
      settings,
      first_frame_ms: firstFrameMs,
      run_s: seconds,
      fps:
        s.draws.filter((t) => t >= start && t <= (end ?? start)).length / Math.max(seconds, 1e-9),
      display_fps: await displayRate(page, start, end ?? start),
      long_tasks: tasks.length,
      longest_task_ms: Math.round(Math.max(0, ...tasks)),
    });
    console.log(JSON.stringify(largest[largest.length - 1]));
    await page.close();
  }
} finally {
  await h.close();
}

/** And at the end: the cores are shared, and the load may change while this runs. */
const loadAtEnd = loadavg()[0];
const all = rows.flatMap((r) => r.latencies_ms);
// the neural JKO's pictures come once a JKO step, by design: its rate is reported apart
const long = rows.filter((r) => r.run_s >= 1 && r.panel !== "neural");
const result = {
  machine: machine(),
  browser: "Debian chromium, headless",
  changes_per_panel: CHANGES,
  load_average_at_start: loadAtStart,
  load_average_at_end: loadAtEnd,
  median_latency_ms: median(all),
  median_fps_runs_over_1s: long.length ? median(long.map((r) => r.fps)) : null,
  // a run of a few display frames says nothing of a rate: over half a second only
  lowest_display_fps: Math.min(
    ...[...rows, ...largest].filter((r) => r.run_s >= 0.5).map((r) => r.display_fps),
  ),
  panels: rows,
  largest,
};
if (only !== null) process.exit(0); // a partial run: its rows are printed above
writeResults("web", result);
const f = (x: number, d = 0) => x.toFixed(d);
updateBenchmarksDoc(
  "web",
  `## Web explorer responsiveness

\`npx tsx bench/web.ts\`: headless Debian Chromium on this machine (${result.machine.cores} cores), default settings,
${CHANGES} one-step changes of one slider per panel (keyboard), medians. *Latency*: from the
input event to the first frame of the new run drawn on screen (goal ≤ 100 ms). *Frames/s*:
new pictures drawn per second while the panel's flows run (goal ≥ 50); runs shorter than a
second end before a frame rate means much, and the neural JKO's picture changes once a JKO
step (each trains two networks for about half a second). *Display*: the page's own display
frames per second meanwhile (requestAnimationFrame; 60 means no frame was dropped, whatever
the worker computes). *Long tasks*: main-thread tasks over 50 ms (goal: none) after the page's
load, by PerformanceObserver, and the longest. Load average (1 min) at the start:
${loadAtStart.toFixed(1)}, at the end: ${loadAtEnd.toFixed(1)}.

| panel | control | latency (ms) | run (s) | frames/s | display | long tasks | longest (ms) |
|---|---|---:|---:|---:|---:|---:|---:|
${rows.map((r, k) => `| ${r.panel} | ${PANELS[k][1]} | ${f(r.latency_ms)} | ${f(r.run_s, 2)} | ${f(r.fps)} | ${f(r.display_fps)} | ${r.long_tasks} | ${r.longest_task_ms} |`).join("\n")}

Each panel at the largest setting of its controls: the page loaded with them (its first frame
after the load, the worker's start-up included), then the last control moved one step away and
back, as a user would; the run so started is measured, from the change on:

| panel | settings | first frame after load (ms) | run (s) | frames/s | display | long tasks | longest (ms) |
|---|---|---:|---:|---:|---:|---:|---:|
${largest.map((r) => `| ${r.panel} | \`${r.settings}\` | ${f(r.first_frame_ms)} | ${f(r.run_s, 1)} | ${f(r.fps)} | ${f(r.display_fps)} | ${r.long_tasks} | ${r.longest_task_ms} |`).join("\n")}

Median latency over all changes: **${f(result.median_latency_ms)} ms**; median frame rate of
the runs longer than a second (the neural JKO's apart): **${result.median_fps_runs_over_1s === null ? "—" : f(result.median_fps_runs_over_1s)} frames/s**; the lowest
display rate of any run over half a second: **${f(result.lowest_display_fps)} frames/s**.`,
);
console.log(
  `median latency ${f(result.median_latency_ms)} ms; fps ${result.median_fps_runs_over_1s}`,
);
