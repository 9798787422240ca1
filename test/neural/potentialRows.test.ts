import { describe, expect, it } from "vitest";
import { scale } from "../../src/energies/combine.js";
import { quadratic, doubleWell } from "../../src/energies/potential.js";
import type { PotentialTerm } from "../../src/energies/types.js";
import { PotentialRows } from "../../src/neural/potentialRows.js";
import { rowHeap } from "../../src/nn/rows.js";
import { key } from "../../src/random/key.js";
import { normal } from "../../src/random/sample.js";

describe("PotentialRows (the variational step's potential terms on a batch)", () => {
  it("gives the closures' values and gradients bit for bit, the quadratic on the row kernels", () => {
    // oracle: each term's value and grad called row by row, as the step's loop did; M = 7 leaves
    // the kernel's remainder rows (it takes four at a time), d = 5 an odd vector length
    for (const [d, M] of [
      [5, 7],
      [1, 4],
      [32, 9],
    ]) {
      const g = normal(key(d), d * d);
      const A = Array.from({ length: d }, (_, i) =>
        Array.from({ length: d }, (_, j) => {
          let s = i === j ? 1 : 0;
          for (let k = 0; k < d; k++) s += (g[i * d + k] * g[j * d + k]) / d;
          return s;
        }),
      );
      const terms = [
        ...scale(quadratic({ A, b: normal(key(d + 1), d) }), 0.7).terms,
        ...(d === 1 ? scale(doubleWell(), 2).terms : []),
      ] as PotentialTerm[];
      expect(terms[0].quadratic).toBeDefined();
      const y = normal(key(d + 2), M * d);
      const heap = rowHeap();
      const mark = heap.mark();
      try {
        const rows = new PotentialRows(terms, M, d);
        const values = new Float64Array(terms.length * M);
        const dy = Float64Array.from(normal(key(d + 3), M * d));
        const dyLoop = Float64Array.from(dy);
        rows.evaluate(y, values, dy);
        const row = new Float64Array(d);
        const grad = new Float64Array(d);
        for (let r = 0; r < M; r++) {
          row.set(y.subarray(r * d, (r + 1) * d));
          terms.forEach((t, p) => {
            expect(values[p * M + r]).toBe((t.scale * t.value(row)) / M);
            t.grad(row, grad);
            for (let i = 0; i < d; i++) dyLoop[r * d + i] += (t.scale * grad[i]) / M;
          });
        }
        expect(dy).toEqual(dyLoop);
      } finally {
        heap.release(mark);
      }
    }
  });
});
