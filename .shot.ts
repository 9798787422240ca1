import { openHarness, watchErrors } from "./test/web/harness.js";
const [id, w, h, extra, wait] = process.argv.slice(2);
const hh = await openHarness();
try {
  const page = await hh.browser.newPage({ viewport: { width: Number(w), height: Number(h) }, isMobile: Number(w) < 600 });
  const errors = watchErrors(page); page.on("pageerror", (e) => console.log(e.stack?.split("\n").slice(0, 8).join("\n")));
  await page.goto(`${hh.url}?panel=${id}${extra ?? ""}`);
  await page.waitForTimeout(Number(wait ?? 8000));
  await page.screenshot({ path: `/tmp/shots/${id}-${w}.png`, fullPage: Number(w) >= 600 });
  console.log("errors", errors, await page.locator("#status").textContent(), JSON.stringify(await page.evaluate(() => { const s = (window as any).ottoflowStats; return { runs: s.runs, busy: s.busy, draws: s.draws.length, received: s.received }; })));
} finally {
  await hh.close();
}
