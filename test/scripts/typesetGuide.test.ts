/**
 * The guide's mathematics: code spans holding $…$ become KaTeX (oracle: KaTeX's own rendering
 * of the same TeX, entities decoded first), paragraphs of $$…$$ become displayed equations, and
 * every other code span is left as it was.
 */
import katex from "katex";
import { describe, expect, it } from "vitest";
import { decodeEntities, typeset } from "../../scripts/typesetGuide.js";

describe("typesetting the guide", () => {
  it("renders inline and displayed math and leaves code alone", () => {
    const html =
      "<p>Step <code>$x_{k+1} &lt; x_k$</code>, code <code>scheme.jko</code>.</p>" +
      "<p><code>$$\\frac{1}{2\\tau}$$</code></p><p><code>$5 and $6</code></p>";
    const { html: out, count } = typeset(html);
    expect(count).toBe(2);
    expect(out).toContain(katex.renderToString("x_{k+1} < x_k"));
    expect(out).toContain(katex.renderToString("\\frac{1}{2\\tau}", { displayMode: true }));
    expect(out).toContain("<code>scheme.jko</code>");
    // Not math: a code span that only begins with "$" and has a second "$" inside it.
    expect(out).toContain("<code>$5 and $6</code>");
  });

  it("decodes the entities TypeDoc writes", () => {
    expect(decodeEntities("a &lt; b &amp;&amp; c &gt; d &#39;e&#39; &#x3C1; &#961;")).toBe(
      "a < b && c > d 'e' ρ ρ",
    );
  });

  it("fails on TeX that KaTeX cannot parse, rather than printing it raw", () => {
    expect(() => typeset("<code>$\\frac{1$</code>")).toThrow();
  });
});
