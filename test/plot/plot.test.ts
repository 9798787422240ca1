import { describe, expect, it } from "vitest";
import { densityPlot, energyPlot, metricPlot } from "../../src/plot/charts.js";
import { spread } from "../../src/plot/series.js";
import { svgToPng } from "../../src/plot/render.js";
import { particles } from "../../src/measures/construct.js";

const snaps = [0, 0.5, 1, 2, 4, 8, 16, 32].map((t) => ({
  t,
  measure: particles([t, t + 1, t + 2, 0.5 * t], 1),
}));

describe("plots", () => {
  it("keep the first and last snapshots and spread the rest in log t", () => {
    expect(spread(snaps, 4).map((s) => s.t)).toEqual([0, 0.5, 4, 32]);
    expect(spread(snaps.slice(0, 3), 6)).toHaveLength(3);
  });

  it("render standalone SVG with the reference density, and PNG with readable size", () => {
    const svg = densityPlot(
      snaps,
      { targetPdf: () => 0.1, targetLabel: "flat", range: [-1, 40] },
      "demo",
    );
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain("demo");
    expect(svg).toContain("flat");
    const png = svgToPng(svg);
    const view = new DataView(png.buffer, png.byteOffset);
    expect(Buffer.from(png.subarray(1, 4)).toString()).toBe("PNG");
    expect(view.getUint32(16)).toBeGreaterThan(1000); // width at 2× zoom
  });

  it("draw a non-negative quantity from 0 on a linear axis, and one spanning decades on a log axis", () => {
    // oracle: the y tick labels Plot writes (a linear axis from 0 has a tick "0"; a log axis
    // over 1e-4 … 1 has ticks at the decades)
    const ticks = (svg: string) =>
      [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    const t = [0, 1, 2, 3];
    const flat = metricPlot(
      { step: t, t, energy: t, metrics: { w2: [0.0019, 0.0015, 0.0012, 0.001] } },
      "w2",
    );
    expect(ticks(flat)).toContain("0");
    const decades = metricPlot(
      { step: t, t, energy: t, metrics: { kl: [1, 0.1, 0.01, 0.0001] } },
      "kl",
    );
    expect(ticks(decades)).toContain("0.001");
    expect(ticks(decades)).not.toContain("0");
  });

  it("draw energy curves even with non-finite values present", () => {
    const svg = energyPlot({ step: [0, 1, 2], t: [0, 1, 2], energy: [1, NaN, 0.5], metrics: {} });
    expect(svg).toContain("Energy along the flow");
  });
});
