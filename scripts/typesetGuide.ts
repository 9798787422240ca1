/**
 * Typesets the guide's mathematics with KaTeX after TypeDoc has built it (dist/docs). In the
 * Markdown, mathematics is written as code, which Markdown leaves alone (no emphasis from `_`):
 * `` `$x_{k+1}$` `` inline, and a paragraph that is only `` `$$…$$` `` for a displayed equation.
 * Each page that has any gets KaTeX's stylesheet (copied with its fonts under assets/katex).
 *   npx tsx scripts/typesetGuide.ts   (after typedoc; `npm run build:guide` runs both)
 */
import { cpSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import katex from "katex";

const root = join(import.meta.dirname, "..");
const site = join(root, "dist", "docs");

/** The text of an HTML code element, entities decoded. */
export function decodeEntities(html: string): string {
  return html
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, "&");
}

/** A page's HTML with its math typeset, and how many formulas there were. */
export function typeset(html: string): { html: string; count: number } {
  let count = 0;
  const render = (tex: string, displayMode: boolean): string => {
    count++;
    return katex.renderToString(decodeEntities(tex), { displayMode, throwOnError: true });
  };
  const out = html
    .replace(/<p><code>\$\$([\s\S]*?)\$\$<\/code><\/p>/g, (_, tex: string) => render(tex, true))
    .replace(/<code>\$([^$<][^<]*?)\$<\/code>/g, (_, tex: string) => render(tex, false));
  return { html: out, count };
}

function pagesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pagesUnder(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(join(site, "index.html"))) {
    console.error("dist/docs is not built: run `npx typedoc` first (or `npm run build:guide`)");
    process.exit(2);
  }
  const katexDist = dirname(createRequire(import.meta.url).resolve("katex/dist/katex.min.css"));
  const assets = join(site, "assets", "katex");
  cpSync(join(katexDist, "katex.min.css"), join(assets, "katex.min.css"));
  cpSync(join(katexDist, "fonts"), join(assets, "fonts"), { recursive: true });
  let total = 0;
  for (const page of pagesUnder(site)) {
    const { html, count } = typeset(readFileSync(page, "utf8"));
    if (count === 0) continue;
    const href = relative(dirname(page), join(assets, "katex.min.css")).split("\\").join("/");
    writeFileSync(page, html.replace("</head>", `<link rel="stylesheet" href="${href}"/></head>`));
    total += count;
  }
  console.log(`typeset ${total} formulas in dist/docs`);
}
