import { describe, expect, it } from "vitest";
import { pairEnergySums, pairSums, pairSumsAvailable } from "../../src/kernels/pairSums.js";
import {
  gaussianAttractionKernel,
  logKernel,
  quadraticKernel,
  ringKernel,
} from "../../src/energies/interaction.js";
import { interactionVelocity, interactionVelocityReference } from "../../src/energies/velocity.js";
import { kdeScore, kdeScoreReference } from "../../src/energies/score.js";
import { particles } from "../../src/measures/construct.js";
import { interactionOnParticles } from "../../src/energies/evaluate.js";
import { normal } from "../../src/random/sample.js";
import { key } from "../../src/random/key.js";
import type { RadialKernel } from "../../src/energies/types.js";
import { distanceKernel, gaussianBumpKernel } from "../../src/energies/mmd.js";

/** Max over particles of |fast − reference| / Σ_j |term_ij| (the sum's own rounding scale). */
function worstRelative(kernel: RadialKernel, x: Float64Array, n: number, d: number): number {
  const p = particles(x, d);
  // the WebAssembly sums themselves (interactionVelocity sends the ring kernel to moments)
  const kind = kernel === ringKernel ? "ring" : kernel === logKernel ? "log" : "gauss";
  const sums = pairSums(kind, x, n, d)!;
  const fast = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++) fast[i * d + a] = -sums.out[a * n + i] / n;
  const ref = interactionVelocityReference(kernel, p);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    let scale = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let r2 = 0;
      for (let a = 0; a < d; a++) r2 += (x[i * d + a] - x[j * d + a]) ** 2;
      scale += (Math.abs(kernel.c(r2)) * Math.sqrt(r2)) / n;
    }
    for (let a = 0; a < d; a++)
      worst = Math.max(worst, Math.abs(fast[i * d + a] - ref[i * d + a]) / scale);
  }
  return worst;
}

/** ½Σ_{i≠j} w_i w_j W(x_i − x_j) by the double loop, and the same sum of |terms| (its scale). */
function pairLoop(kernel: RadialKernel, p: ReturnType<typeof particles>) {
  let s = 0;
  let scale = 0;
  for (let i = 0; i < p.n; i++)
    for (let j = 0; j < p.n; j++) {
      if (i === j) continue;
      let r2 = 0;
      for (let a = 0; a < p.d; a++) r2 += (p.x[i * p.d + a] - p.x[j * p.d + a]) ** 2;
      const wi = p.weights ? p.weights[i] : 1 / p.n;
      const wj = p.weights ? p.weights[j] : 1 / p.n;
      s += 0.5 * wi * wj * kernel.w(r2);
      scale += 0.5 * wi * wj * Math.abs(kernel.w(r2));
    }
  return { exact: s, scale };
}

describe("exact moment sums of the polynomial kernels", () => {
  it("match the reference loop for ring and quadratic kernels, weights and an offset cloud", () => {
    // oracle: the reference loop. The moment form cancels terms of the size of the cloud's
    // spread (coordinates are centred first), so tol 1e-12 of Σ|terms| even 100 units away.
    for (const d of [1, 2, 3]) {
      const n = 150;
      const x = normal(key(d + 40), n * d).map((v) => v + 100);
      const w = Float64Array.from({ length: n }, (_, i) => 1 + (i % 3));
      for (const p of [particles(x, d), particles(x, d, w)])
        for (const kernel of [ringKernel, quadraticKernel]) {
          const fast = interactionVelocity(kernel, p);
          const ref = interactionVelocityReference(kernel, p);
          const scale = ref.reduce((s, v) => Math.max(s, Math.abs(v)), 0) + 1;
          for (let k = 0; k < ref.length; k++)
            expect(Math.abs(fast[k] - ref[k])).toBeLessThan(1e-12 * scale * n);
        }
    }
  });
});

describe("exact moment energies of the polynomial kernels", () => {
  it("match the pair loop ½Σ_{i≠j} w_i w_j W(x_i − x_j), with weights and an offset cloud", () => {
    // oracle: the double loop over pairs (written here, independent of the library); the
    // moment form cancels fourth powers of the spread, so tol 1e-11 relative.
    for (const d of [1, 2, 3]) {
      const n = 120;
      const x = normal(key(d + 50), n * d).map((v) => 0.7 * v + 30);
      const w = Float64Array.from({ length: n }, (_, i) => (1 + (i % 4)) / (2.5 * n));
      for (const p of [particles(x, d), particles(x, d, w)])
        for (const kernel of [ringKernel, quadraticKernel]) {
          const { exact } = pairLoop(kernel, p);
          expect(Math.abs(interactionOnParticles(kernel, p) - exact)).toBeLessThan(
            1e-11 * Math.max(1, Math.abs(exact)),
          );
        }
    }
  });
});

describe("WebAssembly energies of the Gaussian and log kernels", () => {
  for (const d of [1, 2, 3])
    it(`match the pair loop in d = ${d}, at unit, large and small scales`, () => {
      // oracle: the double loop (written here). The log energy takes one logarithm per row of a
      // running product: each multiply rounds by 2⁻⁵³ relative, i.e. 1.1e-16 absolute in ln r²,
      // so the error is ~N·1e-16 of Σ|terms| like a reordered sum; tol 1e-12 of Σ|terms|.
      for (const n of [2, 3, 7, 301])
        for (const spread of [1, 1e3, 1e-3]) {
          const p = particles(
            normal(key(n + 7 * d), n * d).map((v) => spread * v),
            d,
          );
          expect(pairEnergySums("log", p.x, n, d)).not.toBeNull();
          const bumps = [gaussianBumpKernel(0.7), gaussianBumpKernel(3 * spread)];
          for (const kernel of [gaussianAttractionKernel, logKernel, distanceKernel, ...bumps]) {
            const { exact, scale } = pairLoop(kernel, p);
            expect(Math.abs(interactionOnParticles(kernel, p) - exact)).toBeLessThan(
              1e-12 * scale + 1e-300,
            );
          }
        }
    });

  it("hand coincident particles and weighted clouds to the reference loop", () => {
    // oracle: the loop's own value; the log kernel is +∞ on a coincident pair, which the
    // running product could not represent, so the fast path must decline it
    const x = Float64Array.from([0, 0, 1, 2, 1, 2, 3, 5]);
    expect(pairEnergySums("log", x, 4, 2)).toBeNull();
    expect(Number.isFinite(interactionOnParticles(logKernel, particles(x, 2)))).toBe(false);
    const w = Float64Array.from([0.1, 0.2, 0.3, 0.4]);
    const y = Float64Array.from([0, 0.5, 1, 2, 1.5, 2, 3, 5]);
    const weighted = particles(y, 2, w);
    expect(interactionOnParticles(logKernel, weighted)).toBeCloseTo(
      pairLoop(logKernel, weighted).exact,
      14,
    );
  });
});

describe("WebAssembly pair sums against the reference loops", () => {
  it("is available in Node 20", () => {
    expect(pairSumsAvailable()).toBe(true);
  });

  for (const d of [1, 2, 3])
    for (const n of [2, 3, 7, 301])
      it(`interaction velocity, d = ${d}, N = ${n}: ring, Gaussian attraction, log`, () => {
        // oracle: the reference loop (same sums, other order). The WebAssembly e^{−r²} errs by
        // < 2e-16 relative; reordering a sum of N terms costs ~N·1e-16 of Σ|terms|. Measured
        // ≤ 7e-15 at N = 10⁴; tol 1e-13.
        const x = normal(key(n * 10 + d), n * d);
        for (const kernel of [ringKernel, gaussianAttractionKernel, logKernel])
          expect(worstRelative(kernel, x, n, d)).toBeLessThan(1e-13);
      });

  it("the Gaussian of any width (the MMD's) runs on scaled points, as its reference loop", () => {
    // oracle: the reference loop. Scaling the points by 1/(√2 s) rounds each coordinate once
    // (2⁻⁵³ relative), which moves each term by a few ε; with the reordered sum that stays
    // ~N·1e-16 of Σ|terms|, as for the other kernels: tol 1e-13.
    for (const d of [1, 2, 3])
      for (const n of [2, 7, 301])
        for (const width of [0.3, 1, 3]) {
          const kernel = gaussianBumpKernel(width);
          const p = particles(normal(key(n + d), n * d), d);
          const fast = interactionVelocity(kernel, p);
          const ref = interactionVelocityReference(kernel, p);
          for (let i = 0; i < n; i++) {
            let scale = 0;
            for (let j = 0; j < n; j++) {
              let r2 = 0;
              for (let a = 0; a < d; a++) r2 += (p.x[i * d + a] - p.x[j * d + a]) ** 2;
              scale += (Math.abs(kernel.c(r2)) * Math.sqrt(r2)) / n;
            }
            for (let a = 0; a < d; a++)
              expect(Math.abs(fast[i * d + a] - ref[i * d + a])).toBeLessThanOrEqual(
                1e-13 * scale + 1e-300,
              );
          }
        }
  });

  it("the energy distance's −|x − y| runs as its reference loop", () => {
    // oracle: the reference loop; each term is (x_i − x_j)/r with √ and ÷ correctly rounded,
    // so only the order of the sum differs: tol 1e-13 of Σ|terms| (= 1 per particle)
    for (const d of [1, 2, 3])
      for (const n of [2, 7, 301]) {
        const p = particles(normal(key(n + 3 * d), n * d), d);
        const fast = interactionVelocity(distanceKernel, p);
        const ref = interactionVelocityReference(distanceKernel, p);
        for (let k = 0; k < n * d; k++) expect(Math.abs(fast[k] - ref[k])).toBeLessThan(1e-13);
      }
    // a coincident pair: the fast sum is not finite, the reference loop names the pair
    expect(() => interactionVelocity(distanceKernel, particles([0, 1, 0], 1))).toThrow(/coincide/);
  });

  it("the KDE score matches its reference loop in d = 1, 2, 3", () => {
    // oracle: kdeScoreReference; tol 1e-12 relative to the score's scale |x|/h²
    for (const d of [1, 2, 3]) {
      const n = 257;
      const p = particles(normal(key(d), n * d), d);
      const h = 0.4;
      const fast = kdeScore(p, h);
      const ref = kdeScoreReference(p, h);
      for (let k = 0; k < n * d; k++)
        expect(Math.abs(fast.score[k] - ref.score[k])).toBeLessThan(
          1e-12 * (1 + Math.abs(ref.score[k])),
        );
      for (let i = 0; i < n; i++)
        expect(Math.abs(fast.density[i] / ref.density[i] - 1)).toBeLessThan(1e-13);
    }
  });

  it("declines what it does not cover, so the callers fall back", () => {
    expect(pairSums("ring", new Float64Array(8), 2, 4)).toBeNull();
    // coincident points under the log kernel: the fast sum is not finite, the caller re-runs
    // the reference loop, which names the pair
    expect(() => interactionVelocity(logKernel, particles([0, 0, 1], 1))).toThrow(/coincide/);
  });
});
