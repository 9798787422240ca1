import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  FIGURE,
  TIME_SCHEMES,
  timeSchemeErrors,
  timeSchemesSvg,
} from "../../scripts/timeSchemesFigure.js";

describe("the guide's time-scheme figure (scripts/timeSchemesFigure.ts)", () => {
  it("is what the command generates, with the orders it shows", async () => {
    const rows = await timeSchemeErrors();
    // the checked-in figure is current: `npx tsx scripts/timeSchemesFigure.ts` regenerates it
    expect(readFileSync(FIGURE, "utf8")).toBe(timeSchemesSvg(rows));
    for (const time of TIME_SCHEMES) {
      // oracle: ouLaw; the exact iterates' slope between a = 0.025 and 0.0125 is the order
      // (measured 0.99, 2.00, 2.02); tol 0.05.
      const exact = rows.filter((r) => r.time === time && r.source === "exact iterates");
      const [e1, e2] = exact.slice(-2).map((r) => r.error);
      expect(Math.abs(Math.log2(e1 / e2) - (time === "jko" ? 1 : 2))).toBeLessThan(0.05);
      // oracle: the exact iterates; the scheme's dots lie within its cells' error of them
      // (|Δ| ≤ 6.3e-6 in W2 of the moments at n = 2000, measured); tol 1e-5.
      for (const dot of rows.filter((r) => r.time === time && r.source === "jko-quantile-1d")) {
        const line = exact.find((r) => r.a === dot.a);
        expect(Math.abs(dot.error - line!.error)).toBeLessThan(1e-5);
      }
    }
  });
});
