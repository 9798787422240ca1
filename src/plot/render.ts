/**
 * Observable Plot outside a browser: a jsdom document gives Plot its DOM, the
 * result is serialised to SVG, and resvg turns the SVG into a PNG.
 */
import * as Plot from "@observablehq/plot";
import { Resvg } from "@resvg/resvg-js";
import { createRequire } from "node:module";
import type { JSDOM } from "jsdom";

let dom: JSDOM | undefined;

/**
 * The shared headless document Plot draws into. jsdom is loaded on first use (it is CommonJS,
 * so synchronously): it takes seconds to load, and most commands never draw.
 */
export function headlessDocument(): Document {
  if (!dom) {
    const { JSDOM: Dom } = createRequire(import.meta.url)("jsdom") as typeof import("jsdom");
    dom = new Dom("<!DOCTYPE html><body></body>");
  }
  return dom.window.document;
}

export const FONT = "DejaVu Sans, sans-serif";

/** Plot.plot with the headless document; returns standalone SVG text. */
export function plotToSvg(options: Plot.PlotOptions): string {
  const node = Plot.plot({
    document: headlessDocument(),
    style: { fontFamily: FONT, fontSize: "12px", background: "white", color: "black" },
    ...options,
  }) as unknown as Element;
  return standalone(node);
}

const escapeXml = (t: string): string =>
  t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Serialises a Plot node as one SVG. A <figure> (title, legend, plot) is flattened:
 * its headings become <text>, its SVGs are stacked.
 */
function standalone(node: Element): string {
  if (node.tagName.toLowerCase() === "svg") return withNamespace(node.outerHTML);
  const pad = 8;
  let y = 0;
  let width = 0;
  const placed: string[] = [];
  for (const child of Array.from(node.children)) {
    const tag = child.tagName.toLowerCase();
    const svgs = tag === "svg" ? [child] : Array.from(child.querySelectorAll("svg"));
    if (tag === "h2" || tag === "h3" || tag === "figcaption") {
      const size = tag === "h2" ? 16 : 12;
      y += size + 4;
      placed.push(
        `<text x="${pad}" y="${y}" font-family="${FONT}" font-size="${size}" font-weight="${tag === "h2" ? "bold" : "normal"}" fill="black">${escapeXml(child.textContent ?? "")}</text>`,
      );
      y += 6;
      continue;
    }
    for (const svg of svgs) {
      const w = Number(svg.getAttribute("width") ?? 0);
      const h = Number(svg.getAttribute("height") ?? 0);
      svg.setAttribute("x", String(pad));
      svg.setAttribute("y", String(y));
      placed.push(svg.outerHTML);
      y += h + 4;
      width = Math.max(width, w + 2 * pad);
    }
  }
  return withNamespace(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">` +
      `<rect width="100%" height="100%" fill="white"/>${placed.join("")}</svg>`,
  );
}

function withNamespace(svg: string): string {
  return svg.includes('xmlns="http://www.w3.org/2000/svg"')
    ? svg
    : svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"');
}

/** PNG bytes of an SVG, at 2× for readable text. */
export function svgToPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
  });
  return resvg.render().asPng();
}
