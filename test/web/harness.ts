/**
 * A real browser on the built explorer: Debian's chromium driven by playwright-core (no
 * browser download), the site served by `ottoflow serve`'s server on a free loopback port.
 * Shared by the browser tests and bench/web.ts.
 */
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { type Browser, type Page, chromium } from "playwright-core";
import { serveSite } from "../../src/cli/serve.js";

/** The Chromium binary: $OTTOFLOW_CHROMIUM, else Debian's. */
export function chromiumPath(): string | undefined {
  const candidates = [
    process.env.OTTOFLOW_CHROMIUM,
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
  ];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

/** Every panel of the explorer, in tab order. */
export const PANEL_IDS = [
  "heat",
  "porous",
  "mmd",
  "interaction",
  "geometry",
  "fokker-planck",
  "relu",
  "neural",
  "playground",
] as const;

export const SITE = new URL("../../dist/web/", import.meta.url).pathname;

export interface Harness {
  browser: Browser;
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  const executablePath = chromiumPath();
  if (!executablePath)
    throw new Error("no chromium: apt-get install chromium (or set OTTOFLOW_CHROMIUM)");
  const { server, url } = await serveSite(SITE, { port: 0 });
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  return {
    browser,
    server,
    url,
    async close() {
      await browser.close();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

export interface PageStats {
  latencies: number[];
  draws: number[];
  runs: number;
  cancelled: number;
  cancelledInWorker: number;
  busy: boolean;
  /** Figures still showing a previous static layer (built at the next display frames). */
  deferred: boolean;
}

export const stats = (page: Page): Promise<PageStats> =>
  page.evaluate(() => window.ottoflowStats as unknown as PageStats);

/** Waits until the runs started so far have all finished and everything was drawn. */
export async function settled(page: Page, runs: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const s = window.ottoflowStats as unknown as PageStats;
      return s.runs >= n && !s.busy && !s.deferred && s.draws.length > 0;
    },
    runs,
    { timeout, polling: 50 },
  );
  // One more display frame so the final frames are on screen.
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  );
}

/** Collects console errors and uncaught exceptions of a page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

declare global {
  interface Window {
    ottoflowStats: unknown;
  }
}
