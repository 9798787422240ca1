/** What the browser test files share: one browser and server per file, and the figures' markup. */
import type { Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { type Harness, openHarness } from "./harness.js";

/**
 * A browser and the explorer's server for the tests of one describe block: opened before
 * them, closed after; its fields are read when a test runs.
 */
export function sharedHarness(): Pick<Harness, "browser" | "url"> {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await openHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });
  const open = (): Harness => {
    if (!h) throw new Error("the browser is not open yet");
    return h;
  };
  return {
    get browser() {
      return open().browser;
    },
    get url() {
      return open().url;
    },
  };
}

/** The figures' markup: what changes when the picture does. */
export const figures = (page: Page): Promise<string> =>
  page.locator("#figures").evaluate((el) => el.innerHTML);
