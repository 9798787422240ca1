import { afterAll, describe, expect, it } from "vitest";
import { PairSumPool, balancedRows } from "../../src/kernels/pool.js";
import { pairSums } from "../../src/kernels/pairSums.js";
import { normal } from "../../src/random/sample.js";
import { key } from "../../src/random/key.js";

describe("the worker pool of pair sums", () => {
  const pool = PairSumPool.create(2);
  afterAll(() => pool.close());

  it("splits the pairs evenly", () => {
    // oracle: Σ_{i<b} (N − 1 − i) = N(N−1)/4 at the split of two workers, to one row
    const n = 1000;
    const [, b] = balancedRows(n, 2);
    const pairsBelow = b * (n - 1) - (b * (b - 1)) / 2;
    expect(Math.abs(pairsBelow - (n * (n - 1)) / 4)).toBeLessThan(n);
  });

  it("gives the single-thread sums, up to the order of additions", async () => {
    // oracle: pairSums on one thread; splitting rows reorders each sum: tol 1e-13 relative
    const n = 999;
    const x = normal(key(3), n * 2);
    const one = pairSums("gauss", x, n, 2)!;
    const two = (await pool.pairSums("gauss", x, n, 2))!;
    const scale = one.out.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
    for (let k = 0; k < one.out.length; k++)
      expect(Math.abs(one.out[k] - two.out[k])).toBeLessThan(1e-13 * scale);
  });
});
