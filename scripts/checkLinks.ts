/**
 * Link checker for the built guide (dist/docs) and the explorer's links into it:
 *  - every relative href/src in a page names a file that exists, and its #anchor an id there;
 *  - "/?panel=ID" links name a panel of the explorer (web/src/panels);
 *  - every panel's guide page exists in dist/docs.
 * External links are listed, not fetched (nothing outside the machine is reachable).
 *   npx tsx scripts/checkLinks.ts   (after typedoc; `npm run docs` runs both)
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = join(import.meta.dirname, "..");
const site = join(root, "dist", "docs");
if (!existsSync(join(site, "index.html"))) {
  console.error("dist/docs is not built: run `npx typedoc` (or `npm run docs`)");
  process.exit(2);
}

const panelSources = readdirSync(join(root, "web", "src", "panels"))
  .filter((f) => f.endsWith(".ts"))
  .map((f) => readFileSync(join(root, "web", "src", "panels", f), "utf8"));
const panels = new Set(
  panelSources.flatMap((s) => [...s.matchAll(/^\s+id: "([\w-]+)",/gm)].map((m) => m[1])),
);
const guides = panelSources.flatMap((s) =>
  [...s.matchAll(/^\s+guide: "([^"]+)",/gm)].map((m) => m[1]),
);

const pages: string[] = [];
const walk = (dir: string): void => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".html")) pages.push(path);
  }
};
walk(site);

const ids = new Map<string, Set<string>>();
const idsOf = (file: string): Set<string> => {
  let set = ids.get(file);
  if (!set) {
    const html = readFileSync(file, "utf8");
    set = new Set([...html.matchAll(/\s(?:id|name)="([^"]+)"/g)].map((m) => m[1]));
    ids.set(file, set);
  }
  return set;
};

const problems: string[] = [];
const external = new Set<string>();
let checked = 0;
for (const page of pages) {
  const html = readFileSync(page, "utf8");
  for (const [, link] of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
    checked++;
    const where = relative(site, page);
    if (/^(https?:|mailto:|data:|javascript:)/.test(link)) {
      // A bare "file.md" in the text turns into http://file.md: a broken link in disguise.
      if (/^https?:\/\/[^/]*\.(md|ts|html)\/?$/.test(link))
        problems.push(`${where}: ${link} is a file name linkified as a host; write a link`);
      else if (/^https?:/.test(link)) external.add(link);
      continue;
    }
    if (link.startsWith("/")) {
      const panel = /^\/\?panel=([\w-]+)$/.exec(link)?.[1];
      if (panel !== undefined) {
        if (!panels.has(panel)) problems.push(`${where}: no explorer panel "${panel}" (${link})`);
      } else problems.push(`${where}: absolute link ${link} is neither a panel nor in the guide`);
      continue;
    }
    const [path, anchor] = link.split("#");
    const target = path ? resolve(dirname(page), decodeURIComponent(path)) : page;
    if (!existsSync(target)) {
      problems.push(`${where}: ${link} → missing file`);
      continue;
    }
    if (anchor && target.endsWith(".html") && !idsOf(target).has(decodeURIComponent(anchor)))
      problems.push(`${where}: ${link} → no anchor #${anchor}`);
  }
}
for (const g of guides)
  if (!existsSync(join(site, g.split("#")[0])))
    problems.push(`web/src/panels: guide page ${g} is not in dist/docs`);

console.log(
  `checked ${checked} links in ${pages.length} pages; ${panels.size} panels, ${guides.length} panel guide links; ${external.size} external links not fetched`,
);
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
