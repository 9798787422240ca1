/**
 * Screenshots of every explorer panel at default settings, at desktop width (whole page) and
 * at a phone's (the first screen), for docs/gallery/ — look at them after each change to the
 * explorer:  npm run build:explorer && npx tsx scripts/gallery.ts
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PANEL_IDS, openHarness, settled } from "../test/web/harness.js";

const PANELS = PANEL_IDS;
const out = join(import.meta.dirname, "..", "docs", "gallery");
mkdirSync(out, { recursive: true });
const h = await openHarness();
try {
  for (const id of PANELS) {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${h.url}?panel=${id}`);
    await settled(page, 1);
    await page.screenshot({ path: join(out, `${id}.png`), fullPage: true });
    await page.close();
    console.log(`docs/gallery/${id}.png`);
  }
  // What a phone shows first: the title, the equation and the figure, above the fold.
  for (const id of PANELS) {
    const phone = await h.browser.newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    await phone.goto(`${h.url}?panel=${id}`);
    await settled(phone, 1);
    await phone.screenshot({ path: join(out, `phone-${id}.png`) });
    await phone.close();
    console.log(`docs/gallery/phone-${id}.png`);
  }
} finally {
  await h.close();
}
