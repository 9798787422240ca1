/**
 * The potential part of the variational step's loss at a batch of M rows: each term's value
 * (scale·V/M per row) and its gradient (scale·∇V/M added into dL/dy). A quadratic
 * ½(x − b)ᵀA(x − b) goes through the row kernels (A·(x − b) for all rows at once, the terms in
 * the scalar loop's order, so the numbers are that loop's bit for bit); any other term is
 * evaluated row by row through its closures. At d = 32 the row-by-row quadratic was 2d²
 * multiply–adds per row in TypeScript (its value recomputes its gradient).
 */
import type { PotentialTerm } from "../energies/types.js";
import type { Buf } from "../nn/arena.js";
import { rowHeap } from "../nn/rows.js";

/** A quadratic term's buffers in the row kernels' memory. */
interface QuadraticRows {
  A: Buf;
  b: Float64Array;
  diff: Buf;
  grad: Buf;
  scratch: Buf;
}

export class PotentialRows {
  private readonly quadratic: (QuadraticRows | null)[];
  private readonly row: Float64Array;
  private readonly g: Float64Array;

  /** Takes its buffers in the row kernels' memory: call it inside the step's mark. */
  constructor(
    private readonly terms: readonly PotentialTerm[],
    private readonly M: number,
    private readonly d: number,
  ) {
    const heap = rowHeap();
    this.quadratic = terms.map((t) =>
      t.quadratic
        ? {
            A: heap.allocFrom(t.quadratic.A),
            b: t.quadratic.b,
            diff: heap.alloc(M * d),
            grad: heap.alloc(M * d),
            scratch: heap.alloc(4 * d),
          }
        : null,
    );
    this.row = new Float64Array(d);
    this.g = new Float64Array(d);
  }

  /**
   * For the M rows of y: values[p·M + r] = scale·V_p(y_r)/M, and scale·∇V_p(y_r)/M added into
   * dy's row r (when dy is given), term after term.
   */
  evaluate(y: Float64Array, values: Float64Array, dy?: Float64Array): void {
    const { M, d, row, g } = this;
    this.terms.forEach((t, p) => {
      const q = this.quadratic[p];
      if (q) {
        // diff = y − b, grad = A·diff per row, V = ½ Σ diff·grad: what t.grad and t.value do
        const diff = q.diff.data as Float64Array;
        const grad = q.grad.data as Float64Array;
        for (let r = 0; r < M; r++)
          for (let i = 0; i < d; i++) diff[r * d + i] = y[r * d + i] - q.b[i];
        rowHeap().kernels.affineRows(
          M,
          d,
          q.A.offset,
          0,
          q.diff.offset,
          0,
          q.grad.offset,
          q.scratch.offset,
        );
        for (let r = 0; r < M; r++) {
          let s = 0;
          for (let i = 0; i < d; i++) s += diff[r * d + i] * grad[r * d + i];
          values[p * M + r] = (t.scale * (0.5 * s)) / M;
          if (dy) for (let i = 0; i < d; i++) dy[r * d + i] += (t.scale * grad[r * d + i]) / M;
        }
        return;
      }
      for (let r = 0; r < M; r++) {
        for (let i = 0; i < d; i++) row[i] = y[r * d + i];
        values[p * M + r] = (t.scale * t.value(row)) / M;
        if (!dy) continue;
        t.grad(row, g);
        for (let i = 0; i < d; i++) dy[r * d + i] += (t.scale * g[i]) / M;
      }
    });
  }
}
