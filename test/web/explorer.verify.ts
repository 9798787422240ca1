/**
 * The web explorer in a real browser (Debian's chromium via playwright-core): every panel
 * renders without console errors, every control changes the picture, a running computation
 * is cancelled when a control changes, the controls work from the keyboard, and the page fits
 * a phone's width. Oracle for "changes the picture": the figures' SVG differs after the change.
 * Responsiveness numbers are measured by bench/web.ts, not asserted here.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers.js";
import { PANEL_IDS, chromiumPath, settled, stats, watchErrors } from "./harness.js";
import { figures, sharedHarness } from "./shared.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "ottoflow.js");

const PANELS = PANEL_IDS;
/**
 * What a panel's test adds to its defaults: the neural JKO trains two networks a step (about
 * half a second each), so its test runs 6 steps instead of 20.
 */
const QUERY: Partial<Record<(typeof PANELS)[number], string>> = { neural: "&steps=6" };
const browserMissing = !chromiumPath();
if (browserMissing && process.env.CI)
  throw new Error("CI needs chromium for the browser tests (.ci/run installs Debian's package)");

/** A different value for a control: the next option, or a range value far from the current one. */
async function change(page: Page, id: string): Promise<void> {
  const control = page.locator(`#controls [name="${id}"]`);
  const tag = await control.evaluate((el) => el.tagName);
  if (tag === "SELECT") {
    const options = await control.locator("option").allTextContents();
    const current = await control.inputValue();
    await control.selectOption(options[(options.indexOf(current) + 1) % options.length]);
  } else {
    // A few steps away: enough to change the picture, cheap enough to rerun.
    const [max, step, value] = await control.evaluate((el) => {
      const input = el as HTMLInputElement;
      return [Number(input.max), Number(input.step), Number(input.value)];
    });
    const target = value + 3 * step <= max ? value + 3 * step : value - 3 * step;
    await control.fill(String(Number(target.toPrecision(12))));
  }
}

describe.skipIf(browserMissing)("web explorer in chromium", () => {
  const h = sharedHarness();

  for (const id of PANELS)
    it(`${id}: renders, and each control changes the picture`, async () => {
      const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors = watchErrors(page);
      await page.goto(`${h.url}?panel=${id}${QUERY[id] ?? ""}`);
      await settled(page, 1);
      expect(await page.locator("#figures svg").count()).toBeGreaterThan(0);
      expect(await page.locator("#status").textContent()).not.toMatch(/error|failed/i);
      const names = await page
        .locator("#controls [name]")
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name));
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        // A control that has no effect under the others is disabled and says why.
        const control = page.locator(`#controls [name="${name}"]`);
        if (await control.isDisabled()) {
          expect(await control.locator("xpath=..").locator("small").textContent()).not.toBe("");
          continue;
        }
        // The playground's controls combine (a 2D energy with a 1D scheme fails): test each
        // from the defaults.
        if (id === "playground") {
          await page.goto(`${h.url}?panel=${id}`);
          await settled(page, 1);
        }
        const before = await figures(page);
        const runs = (await stats(page)).runs;
        // A view control redraws the frames computed: no new run.
        const view =
          (await page.locator(`#controls [name="${name}"]`).getAttribute("data-view")) === "true";
        await change(page, name);
        if (view) {
          await page.evaluate(
            () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
          );
          expect((await stats(page)).runs).toBe(runs);
        } else await settled(page, runs + 1);
        expect(await figures(page), `control ${name}`).not.toBe(before);
        // The permalink carries the new value.
        expect(new URL(page.url()).searchParams.get(name)).not.toBeNull();
      }
      // The panel links to its page of the guide.
      expect(await page.locator("#guide").getAttribute("href")).toMatch(
        /^\.\/guide\/documents\/\w[\w-]*\.html$/,
      );
      expect(errors).toEqual([]);
      await page.close();
    }, 180_000);

  it("a control change cancels the running computation in the worker", async () => {
    // A long run (mean-field ReLU to t = 2000, ~10 s) is changed mid-way: the worker must
    // report its one job cancelled, and the new run must start drawing.
    const page = await h.browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${h.url}?panel=relu&time=2000`);
    await page.waitForFunction(
      () => (window.ottoflowStats as { draws: number[] }).draws.length > 2,
    );
    expect((await stats(page)).busy).toBe(true);
    await change(page, "n");
    // The old job reports `cancelled`, and the new run draws its first frame.
    await page.waitForFunction(() => {
      const st = window.ottoflowStats as { cancelledInWorker: number; latencies: number[] };
      return st.cancelledInWorker >= 1 && st.latencies.length >= 2;
    });
    const s = await stats(page);
    expect(s.cancelled).toBe(1);
    expect(s.cancelledInWorker).toBe(1);
    expect(s.busy).toBe(true); // the new run is under way
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("is keyboard-operable: tabs by arrow keys, sliders by arrow keys, every control labelled", async () => {
    const page = await h.browser.newPage();
    await page.goto(`${h.url}?panel=heat`);
    await settled(page, 1);
    await page.locator("#tab-heat").focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => new URL(page.url()).searchParams.get("panel")).toBe("porous");
    await settled(page, 2);
    const slider = page.locator("#porous-m");
    await slider.focus();
    const before = await slider.inputValue();
    await page.keyboard.press("ArrowRight");
    expect(await slider.inputValue()).not.toBe(before);
    await settled(page, 3);
    const unlabelled = await page
      .locator("#controls input, #controls select")
      .evaluateAll((els) => els.filter((e) => !(e as HTMLInputElement).labels?.length).length);
    expect(unlabelled).toBe(0);
    await page.close();
  }, 120_000);

  it("fits a phone's width without horizontal scrolling", async () => {
    const page = await h.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    for (const id of ["heat", "fokker-planck", "playground"]) {
      await page.goto(`${h.url}?panel=${id}`);
      await settled(page, 1);
      const [scroll, width] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        window.innerWidth,
      ]);
      expect(scroll, id).toBeLessThanOrEqual(width + 1);
    }
    await page.close();
  }, 120_000);

  it("the playground exports a run that `ottoflow show` reopens", async () => {
    // oracle: the CLI's own reading of a run directory (summary, report) on the download.
    const page = await h.browser.newPage();
    await page.goto(`${h.url}?panel=playground`);
    await settled(page, 1);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export A (zip)" }).click(),
    ]);
    const dir = tempDir();
    const zip = join(dir, download.suggestedFilename());
    await download.saveAs(zip);
    const r = spawnSync(process.execPath, [BIN, "show", zip], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/playground \(jko-quantile-1d\), seed 0\n {2}status: ok/);
    expect(existsSync(join(dir, "ottoflow-playground-A", "report.html"))).toBe(true);
    // B is Langevin: no check reads its F, so the page's run left F out of the loop
    // (energyOnlyForChecks) and the export evaluates it on the saved snapshots.
    const [downloadB] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export B (zip)" }).click(),
    ]);
    const zipB = join(dir, downloadB.suggestedFilename());
    await downloadB.saveAs(zipB);
    expect(spawnSync(process.execPath, [BIN, "show", zipB], { encoding: "utf8" }).stderr).toBe("");
    const csv = readFileSync(join(dir, "ottoflow-playground-B", "metrics.csv"), "utf8").trim();
    const [head, ...lines] = csv.split("\n");
    const column = head.split(",").indexOf("energy");
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(Number.isFinite(Number(line.split(",")[column]))).toBe(true);
    await page.close();
  }, 60_000);

  it("a permalink restores the panel and its controls", async () => {
    const page = await h.browser.newPage();
    await page.goto(`${h.url}?panel=interaction&longRange=off&s=-2.5&time=3`);
    await settled(page, 1);
    expect(await page.locator("#interaction-longRange").inputValue()).toBe("off");
    expect(await page.locator("#interaction-s").inputValue()).toBe("-2.5");
    expect(await page.locator("#tab-interaction").getAttribute("aria-selected")).toBe("true");
    await page.close();
  }, 60_000);
});
