/**
 * The explorer as a chapter, in a real browser (Debian's chromium via playwright-core): the
 * transport (scrub without recomputing, extend past the end, pause and continue, reset), each
 * panel's figure against its seed-004 caption (asserted on the SVG, and on the canvas over it
 * for what moves), the negative estimator drawn below 0, the phone layout's metrics, and an
 * accessibility check by axe-core. Oracles: the page's own counters (`ottoflowStats`: runs
 * started, frames received), the drawn SVG, and the canvas (what it says it painted, and its
 * pixels). Frame rates and long tasks are measured by bench/web.ts, not asserted here.
 */
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { PANEL_IDS, chromiumPath, settled, stats } from "./harness.js";
import { figures, sharedHarness } from "./shared.js";

const browserMissing = !chromiumPath();
if (browserMissing && process.env.CI)
  throw new Error("CI needs chromium for the browser tests (.ci/run installs Debian's package)");

interface ChapterStats {
  runs: number;
  received: number;
  busy: boolean;
  paused: boolean;
  computedT: number;
  viewT?: number;
}
const chapter = (page: Page) =>
  page.evaluate(() => window.ottoflowStats as unknown as ChapterStats);

/** Sets a range input to a value and fires its input event, as a drag would. */
async function slide(page: Page, selector: string, value: number): Promise<void> {
  await page.locator(selector).fill(String(value));
}

describe.skipIf(browserMissing)("the explorer as a chapter", () => {
  const h = sharedHarness();

  it("a time control scrubs back over computed frames without recomputing, and extends past the end", async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${h.url}?panel=interaction&time=6`);
    await settled(page, 1);
    const done = await chapter(page);
    expect(done.computedT).toBeCloseTo(6, 6);
    const atEnd = await figures(page);
    await slide(page, "#interaction-time", 2);
    await expect.poll(async () => (await chapter(page)).viewT).toBe(2);
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
    const back = await chapter(page);
    // No new run, no frame computed: the earlier picture came from the frames already here.
    expect(back.runs).toBe(done.runs);
    expect(back.received).toBe(done.received);
    expect(await figures(page)).not.toBe(atEnd);
    expect(await page.locator("#scrub-output").textContent()).toBe("t = 2 of 6");
    // Past the horizon: the run continues from its last checkpoint, not from t = 0.
    await slide(page, "#interaction-time", 9);
    await settled(page, done.runs + 1);
    const extended = await chapter(page);
    expect(extended.computedT).toBeCloseTo(9, 6);
    // 0.1 between snapshots: continuing adds the 30 of (6, 9] (and live frames), while a run
    // from 0 would send the 60 of [0, 6] again as well.
    expect(extended.received - done.received).toBeLessThan(done.received);
    await page.close();
  }, 120_000);

  it("a panel without a time control scrubs with the transport's slider", async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${h.url}?panel=mmd`);
    await settled(page, 1);
    const done = await chapter(page);
    expect(await page.locator("#scrub").isVisible()).toBe(true);
    const atEnd = await figures(page);
    await slide(page, "#scrub", 5);
    await expect.poll(async () => (await chapter(page)).viewT).toBe(5);
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
    expect(await figures(page)).not.toBe(atEnd);
    expect((await chapter(page)).runs).toBe(done.runs);
    expect((await chapter(page)).received).toBe(done.received);
    await page.close();
  }, 120_000);

  it("pauses, continues where it paused, replays, and resets to the defaults", async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${h.url}?panel=relu&time=2000`);
    await page.waitForFunction(
      () => (window.ottoflowStats as { computedT: number }).computedT > 50,
    );
    await page.getByRole("button", { name: "pause the run" }).click();
    await page.waitForFunction(() => {
      const s = window.ottoflowStats as { busy: boolean; paused: boolean };
      return s.paused && !s.busy;
    });
    expect(await page.locator("#status").textContent()).toMatch(/^paused at t = /);
    expect(await page.locator("#status").textContent()).not.toMatch(/--resume/);
    const paused = await chapter(page);
    const runs = paused.runs;
    await page.getByRole("button", { name: "continue the run" }).click();
    await expect.poll(async () => (await chapter(page)).runs).toBe(runs + 1);
    await page.waitForFunction(
      (t) => (window.ottoflowStats as { computedT: number }).computedT > t + 20,
      paused.computedT,
    );
    // The frames before the pause stayed: the newest time never fell back towards 0.
    expect((await chapter(page)).computedT).toBeGreaterThan(paused.computedT);
    await page.getByRole("button", { name: "pause the run" }).click();
    await page.waitForFunction(() => !(window.ottoflowStats as { busy: boolean }).busy);
    // Reset: every control back to its default and a run from t = 0.
    await page.goto(`${h.url}?panel=relu&time=100`);
    await settled(page, 1);
    await slide(page, "#relu-n", 200);
    await settledAfter(page);
    await page.getByRole("button", { name: /reset the controls/ }).click();
    expect(await page.locator("#relu-n").inputValue()).toBe("100");
    expect(await page.locator("#relu-time").inputValue()).toBe("500");
    expect(new URL(page.url()).searchParams.get("time")).toBe("500");
    await settledAfter(page);
    // Replay: the computed frames again from t = 0, no new run.
    const before = await chapter(page);
    await page.getByRole("button", { name: /replay the run/ }).click();
    await expect.poll(async () => (await chapter(page)).viewT ?? -1).toBeGreaterThanOrEqual(0);
    expect((await chapter(page)).runs).toBe(before.runs);
    await page.close();
  }, 180_000);

  it("clicking the open tab keeps the controls; export waits for the end of a run", async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    // While a run computes, export is disabled and says why: read at the first display frame
    // at which the page is busy, by a watcher that starts with the page itself (a poll started
    // after the load can miss a run that ends before it, as on a loaded machine).
    await page.addInitScript(() => {
      const look = () => {
        const b = document.querySelector<HTMLButtonElement>("#actions button");
        const busy = (window.ottoflowStats as { busy: boolean } | undefined)?.busy;
        if (busy && b)
          (window as unknown as { whileBusy: object }).whileBusy = {
            disabled: b.disabled,
            title: b.title,
          };
        else requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    // A long run of the playground (5000 steps), so that export is seen while it computes.
    await page.goto(`${h.url}?panel=playground&dt=0.001&until=5`);
    const exportA = page.getByRole("button", { name: "Export A (zip)" });
    await settled(page, 1);
    expect(
      await page.evaluate(() => (window as unknown as { whileBusy: object }).whileBusy),
    ).toEqual({
      disabled: true,
      title: "available when the run ends or is paused",
    });
    expect(await exportA.isDisabled()).toBe(false);
    await slide(page, "#playground-std", 0.8);
    await settled(page, 2);
    const runs = (await chapter(page)).runs;
    await page.locator("#tab-playground").click();
    expect(await page.locator("#playground-std").inputValue()).toBe("0.8");
    expect((await chapter(page)).runs).toBe(runs);
    await page.close();
  }, 120_000);

  it("each panel draws what its seed caption names", async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const svg = (k: number) => page.locator("#figures svg[aria-label]").nth(k);
    // MMD: the teacher only through density contours; red start, blue particles, red→blue trails.
    await page.goto(`${h.url}?panel=mmd`);
    await settled(page, 1);
    const mmd = svg(0);
    expect(await mmd.locator("g.contour path").count()).toBeGreaterThan(0);
    // The moving marks are painted on the canvas over the figure: the trails, the 200-particle
    // start and the 200 particles now; its pixels hold both the red and the blue.
    const layer = page.locator("#figures canvas.live-layer").first();
    // trails(job, 16) takes every 12th of 200 particles: 17 paths.
    expect(await layer.getAttribute("data-painted")).toBe("trails:17 start:200 current:200");
    const colours = await layer.evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const d = canvas.getContext("2d")?.getImageData(0, 0, canvas.width, canvas.height).data;
      let [red, blue] = [0, 0];
      for (let i = 0; d && i < d.length; i += 4) {
        if (d[i + 3] < 100) continue;
        if (d[i] > 150 && d[i + 2] < 130) red++; // #d1495b
        if (d[i + 2] > 150 && d[i] < 100) blue++; // #2e6fba
      }
      return { red, blue };
    });
    expect(colours.red).toBeGreaterThan(200);
    expect(colours.blue).toBeGreaterThan(200);
    expect(await page.locator("#mmd-width").isDisabled()).toBe(true); // energy distance: no width
    // The negative estimate is drawn below the zero line, not dropped by a log axis: the curve
    // is painted on the canvas over the axes, and its lowest painted pixel lies below the rule.
    const [zeroY, lowest] = await page
      .locator("#figures .layered")
      .nth(1)
      .evaluate((el) => {
        const rule = el.querySelector('g[data-mark="rule"] line')?.getBoundingClientRect();
        const canvas = el.querySelector("canvas.live-layer") as HTMLCanvasElement;
        const box = canvas.getBoundingClientRect();
        const d = canvas.getContext("2d")?.getImageData(0, 0, canvas.width, canvas.height).data;
        let bottom = -1;
        for (let i = 0; d && i < d.length; i += 4)
          if (d[i + 3] > 100) bottom = Math.max(bottom, Math.floor(i / 4 / canvas.width));
        return [rule?.top ?? NaN, box.top + ((bottom + 1) * box.height) / canvas.height];
      });
    expect(lowest).toBeGreaterThan(zeroY + 1);
    // Heat vs porous: three figures on one x range, the fronts drawn down to 0.
    await page.goto(`${h.url}?panel=porous`);
    await settled(page, 1);
    const ticks = await page
      .locator("#figures svg[aria-label]")
      .evaluateAll((els) =>
        els.map((el) =>
          [...el.querySelectorAll('g[data-mark="x-axis tick label"] text')]
            .map((t) => t.textContent)
            .join(" "),
        ),
      );
    expect(ticks).toHaveLength(3);
    expect(new Set(ticks).size).toBe(1);
    // Geometries: the four side by side, and one chart of their W2.
    await page.goto(`${h.url}?panel=geometry`);
    await settled(page, 1);
    expect(await page.locator("#figures svg[aria-label]").count()).toBe(5);
    // Fokker–Planck: three rows (Langevin, score, grid) of five times each, β's contours in all.
    await page.goto(`${h.url}?panel=fokker-planck`);
    await settled(page, 1);
    const rows = page.locator("#figures svg[aria-label]");
    expect(await rows.count()).toBe(3);
    for (let k = 0; k < 3; k++) {
      const facets = await rows
        .nth(k)
        .locator('g[data-mark="fx-axis tick label"] text')
        .allTextContents();
      expect(facets).toEqual(["t = 0", "t = 0.2", "t = 0.6", "t = 1.6", "t = 4"]);
      // The contour mark is repeated in each of the five facets.
      expect(await rows.nth(k).locator("g.contour path").count()).toBeGreaterThanOrEqual(5);
    }
    // What moves is painted on each row's canvas: the 400 particles of each time (Langevin,
    // score), the grid's cells at each of the five times, in their colours.
    const painted = await page.locator("#figures canvas.live-layer").evaluateAll((els) =>
      els.map((el) => {
        const canvas = el as HTMLCanvasElement;
        const d = canvas.getContext("2d")?.getImageData(0, 0, canvas.width, canvas.height).data;
        let [red, blue] = [0, 0];
        for (let i = 0; d && i < d.length; i += 4) {
          if (d[i + 3] < 100) continue;
          if (d[i] > 150 && d[i + 2] < 130) red++; // #d1495b
          if (d[i + 2] > 150 && d[i] < 100) blue++; // the "blues" scheme's dark end
        }
        return { what: canvas.dataset.painted, red, blue };
      }),
    );
    expect(painted.map((p) => p.what)).toEqual([
      "dots:400,400,400,400,400",
      "dots:400,400,400,400,400",
      "cells:5",
    ]);
    expect(painted[0].red).toBeGreaterThan(1000);
    expect(painted[1].red).toBeGreaterThan(1000);
    expect(painted[2].blue).toBeGreaterThan(1000);
    // Interaction: paths coloured by arclength.
    await page.goto(`${h.url}?panel=interaction`);
    await settled(page, 1);
    expect(await page.locator("#figures").textContent()).toMatch(/arclength travelled/);
    await page.close();
  }, 240_000);

  it("the neural JKO shows the pool, the learned density and a falling error step by step, and scrubs back without recomputing", async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${h.url}?panel=neural&steps=8`);
    await settled(page, 1, 120_000);
    const done = await chapter(page);
    expect(done.computedT).toBeCloseTo(0.8, 6);
    // Three figures: the pool over the target's contours, ρ_k under them, the error.
    const svgs = page.locator("#figures svg[aria-label]");
    expect(await svgs.count()).toBe(3);
    expect(await svgs.nth(0).locator("g.contour path").count()).toBeGreaterThan(0);
    expect(await svgs.nth(1).locator("g.contour path").count()).toBeGreaterThan(0);
    const layers = page.locator("#figures canvas.live-layer");
    // The pool of 2000 now, every fourth particle's start, 16 paths (every 125th particle).
    expect(await layers.nth(0).getAttribute("data-painted")).toBe(
      "trails:16 start:500 current:2000",
    );
    // ρ_8 tabulated on 40 × 40 points in the worker, painted under the SVG. Oracle: a density
    // has mass 1, and the box holds the start's ±3.5σ and the target down to 10⁻³ of its peak,
    // so all but a few thousandths of it; 0.03 allows the training's error besides.
    expect(await layers.nth(1).getAttribute("data-painted")).toBe("cells:1600");
    const caption = (await page.locator("#figures .live-caption").textContent()) ?? "";
    expect(caption).toMatch(/^k = 8, t = 0\.8: 40² points pulled back through 8 maps/);
    const mass = Number(caption.match(/mass on the box ([\d.]+)/)?.[1]);
    expect(Math.abs(mass - 1)).toBeLessThan(0.03);
    // The error falls: the energy distance from N(0, I) to the mixture (0.22) shrinks as the
    // pool spreads to the four modes, so the painted curve ends lower than it starts.
    const [first, lastY] = await layers.nth(2).evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const d = canvas.getContext("2d")?.getImageData(0, 0, canvas.width, canvas.height).data;
      const ys = new Map<number, number>();
      for (let i = 0; d && i < d.length; i += 4)
        if (d[i + 3] > 100) {
          const [x, y] = [(i / 4) % canvas.width, Math.floor(i / 4 / canvas.width)];
          ys.set(x, Math.min(ys.get(x) ?? Infinity, y));
        }
      const xs = [...ys.keys()].sort((a, b) => a - b);
      return [ys.get(xs[0]) ?? NaN, ys.get(xs[xs.length - 1]) ?? NaN];
    });
    expect(lastY - first).toBeGreaterThan(20);
    // Scrubbing back to k = 3 shows the steps computed: no run, no message from the worker.
    const atEnd = await figures(page);
    await slide(page, "#neural-steps", 3);
    await expect.poll(async () => (await chapter(page)).viewT).toBeCloseTo(0.3, 9);
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
    const back = await chapter(page);
    expect(back.runs).toBe(done.runs);
    expect(back.received).toBe(done.received);
    expect(await figures(page)).not.toBe(atEnd);
    expect(await page.locator("#figures .live-caption").textContent()).toMatch(/^k = 3, t = 0\.3:/);
    // Past the horizon the run continues from step 8 (its maps and pool), not from 0.
    await slide(page, "#neural-steps", 10);
    await settled(page, done.runs + 1, 120_000);
    const extended = await chapter(page);
    expect(extended.computedT).toBeCloseTo(1, 6);
    expect(extended.received - done.received).toBeLessThan(done.received);
    expect(await page.locator("#figures .live-caption").textContent()).toMatch(/^k = 10, t = 1:/);
    await page.close();
  }, 240_000);

  it("reads on a phone: the figure above the fold, text ≥ 10 px, targets ≥ 32 px, no sideways scroll", async () => {
    const page = await h.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    for (const id of ["heat", "mmd", "fokker-planck", "neural", "playground"]) {
      await page.goto(`${h.url}?panel=${id}`);
      await settled(page, 1);
      const m = await page.evaluate(() => {
        const figure = document.querySelector("#figures svg")?.getBoundingClientRect();
        // Text in figures, at its drawn size (an SVG scaled to fit shrinks its text).
        let smallest = Infinity;
        for (const svg of document.querySelectorAll<SVGSVGElement>("#figures svg")) {
          const scale =
            svg.getBoundingClientRect().width /
            (svg.viewBox.baseVal?.width || svg.width.baseVal.value);
          for (const t of svg.querySelectorAll("text"))
            smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
        }
        const targets = [
          ...document.querySelectorAll<HTMLElement>("button, select, input, [role=tab]"),
        ]
          .filter((e) => e.offsetParent !== null)
          .map((e) => e.getBoundingClientRect().height);
        return {
          figureTop: figure?.top ?? Infinity,
          smallest,
          lowestTarget: Math.min(...targets),
          scroll: document.documentElement.scrollWidth - window.innerWidth,
        };
      });
      expect(m.figureTop, id).toBeLessThan(844);
      expect(m.smallest, id).toBeGreaterThanOrEqual(10);
      expect(m.lowestTarget, id).toBeGreaterThanOrEqual(32);
      expect(m.scroll, id).toBeLessThanOrEqual(1);
    }
    // Every panel's equation whole at this width (its parts one under another), not cut off
    // inside its scrolling box.
    for (const id of PANEL_IDS) {
      await page.goto(`${h.url}?panel=${id}`);
      await page.waitForSelector("#panel-equation .katex");
      const cut = await page.evaluate(() => {
        const box = document.querySelector<HTMLElement>("#panel-equation")!;
        return box.scrollWidth - box.clientWidth;
      });
      expect(cut, id).toBeLessThanOrEqual(1);
    }
    await page.close();
  }, 180_000);

  it("on a desktop (1280 × 900), a laptop (1366 × 768) and a projector (1280 × 720) every panel's first figure starts above the fold", async () => {
    for (const [width, height] of [
      [1280, 900],
      [1366, 768],
      [1280, 720],
    ]) {
      const page = await h.browser.newPage({ viewport: { width, height } });
      for (const id of PANEL_IDS) {
        await page.goto(`${h.url}?panel=${id}`);
        await page.waitForSelector("#figures svg");
        const top = await page.evaluate(
          () => document.querySelector("#figures svg")?.getBoundingClientRect().top ?? Infinity,
        );
        expect(top, `${id} at ${width} × ${height}`).toBeLessThan(height);
      }
      await page.close();
    }
  }, 120_000);

  it("has no serious or critical accessibility violations (axe-core)", async () => {
    const axe = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    for (const id of ["heat", "mmd", "fokker-planck", "neural", "playground"]) {
      await page.goto(`${h.url}?panel=${id}`);
      await settled(page, 1);
      await page.addScriptTag({ path: axe });
      const violations = await page.evaluate(async () => {
        const r = await (
          window as unknown as {
            axe: {
              run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
            };
          }
        ).axe.run();
        return r.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id} (${v.nodes.length})`);
      });
      expect(violations, id).toEqual([]);
    }
    await page.close();
  }, 180_000);
});

/** Waits for the run started by the last action to finish. */
async function settledAfter(page: Page): Promise<void> {
  const { runs } = await stats(page);
  await settled(page, runs);
}
