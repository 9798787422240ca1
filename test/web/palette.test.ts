/**
 * The explorer's two colours (red early, blue late) stay apart for readers with colour-vision
 * deficiencies. Oracle: the Machado–Oliveira–Fernandes (2009) simulation matrices at full
 * severity on linear sRGB, then CIE76 ΔE in L*a*b* (D65); a ΔE above 20 is a difference anyone
 * sees at a glance (2.3 is the just-noticeable one), so the bound is 20; measured 51
 * (protanopia), 75 (deuteranopia), 103 (tritanopia).
 */
import { describe, expect, it } from "vitest";
import { EARLY, LATE } from "../../web/src/draw.js";

const MATRICES: Record<string, number[][]> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const rgb = (hex: string) => [1, 3, 5].map((k) => linear(parseInt(hex.slice(k, k + 2), 16) / 255));

function lab([r, g, b]: number[]): number[] {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  [r, g, b] = [r, g, b].map(clamp);
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

const deltaE = (a: number[], b: number[]) => Math.hypot(...a.map((v, k) => v - b[k]));
const simulate = (m: number[][], c: number[]) =>
  m.map((row) => row.reduce((s, v, k) => s + v * c[k], 0));

describe("the explorer's palette under colour-vision deficiencies", () => {
  it("keeps early (red) and late (blue) apart: ΔE > 20 for normal vision and all three", () => {
    expect(deltaE(lab(rgb(EARLY)), lab(rgb(LATE)))).toBeGreaterThan(20);
    for (const [name, m] of Object.entries(MATRICES)) {
      const d = deltaE(lab(simulate(m, rgb(EARLY))), lab(simulate(m, rgb(LATE))));
      expect(d, name).toBeGreaterThan(20);
    }
  });
});
