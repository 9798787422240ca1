/**
 * Sums over a second set of points in WebAssembly (kernels/pairSums.ts crossSums) and what is
 * built on them: the potentials of target samples (the MMD and energy-distance attractions)
 * and the unbiased MMD² and energy distance. Oracle: double loops written here, or the
 * closures the fast paths stand in for. Tolerances are those of a reordered sum: each
 * term is exact to a few ε (e^{−r²} to < 2e-16 relative, √ and ÷ correctly rounded, the
 * scaled points rounded once), and reordering N terms costs ~N·1e-16 of Σ|terms|: tol 1e-13.
 */
import { describe, expect, it } from "vitest";
import { crossSums } from "../../src/kernels/pairSums.js";
import { energyDistanceEnergy, mmdEnergy } from "../../src/energies/mmd.js";
import { transportVelocity } from "../../src/energies/velocity.js";
import { energyValue } from "../../src/energies/evaluate.js";
import type { PotentialTerm } from "../../src/energies/types.js";
import { particles } from "../../src/measures/construct.js";
import type { Particles } from "../../src/measures/types.js";
import { energyDistance, mmdSquared } from "../../src/ot/divergences.js";
import { cloud } from "../../src/ot/cloud.js";
import { normal } from "../../src/random/sample.js";
import { key } from "../../src/random/key.js";

const TOL = 1e-13;

/** Σ_j k and Σ_j c·(x_i − y_j) at each x_i by the double loop, and Σ_j |terms| (their scale). */
function loops(kind: "gauss" | "distance", x: Float64Array, y: Float64Array, d: number) {
  const n = x.length / d;
  const m = y.length / d;
  const sums = new Float64Array(n);
  const out = new Float64Array(n * d);
  const scale = new Float64Array(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let r2 = 0;
      for (let a = 0; a < d; a++) r2 += (x[i * d + a] - y[j * d + a]) ** 2;
      const r = Math.sqrt(r2);
      const k = kind === "gauss" ? Math.exp(-r2) : r;
      const c = kind === "gauss" ? k : r > 0 ? 1 / r : 0;
      sums[i] += k;
      scale[i] += Math.abs(k) + Math.abs(c) * r;
      for (let a = 0; a < d; a++) out[i * d + a] += c * (x[i * d + a] - y[j * d + a]);
    }
  return { sums, out, scale };
}

describe("WebAssembly sums over a second set", () => {
  for (const d of [1, 2, 3])
    it(`match the double loop in d = ${d}: Gaussian and distance, every remainder of four`, () => {
      for (const [n, m] of [
        [1, 1],
        [5, 3],
        [7, 6],
        [301, 250],
      ])
        for (const kind of ["gauss", "distance"] as const) {
          const x = normal(key(n + d), n * d);
          const y = normal(key(m + 10 * d), m * d).map((v) => 0.8 * v + 0.3);
          const ref = loops(kind, x, y, d);
          const fast = crossSums(kind, x, n, y, m, d, { gradient: true })!;
          const sumsOnly = crossSums(kind, x, n, y, m, d)!;
          for (let i = 0; i < n; i++) {
            expect(Math.abs(fast.sums[i] - ref.sums[i])).toBeLessThanOrEqual(TOL * ref.scale[i]);
            expect(sumsOnly.sums[i]).toBe(fast.sums[i]);
            for (let a = 0; a < d; a++)
              expect(Math.abs(fast.out![a * n + i] - ref.out[i * d + a])).toBeLessThanOrEqual(
                TOL * ref.scale[i],
              );
          }
          expect(sumsOnly.out).toBeUndefined();
        }
    });

  it("scale the points first, and leave a coincident pair out of the distance's gradient", () => {
    // oracle: the loop on points scaled here; a shared point has r = 0, whose gradient term the
    // reference closures skip (1/0 is not finite) and the sums take as 0
    const x = Float64Array.from([0, 0, 1, 2, 3, -1]);
    const y = Float64Array.from([1, 2, 0.5, 0.5]);
    const s = 0.37;
    const ref = loops(
      "gauss",
      x.map((v) => v * s),
      y.map((v) => v * s),
      2,
    );
    const fast = crossSums("gauss", x, 3, y, 2, 2, { scale: s, gradient: true })!;
    for (let i = 0; i < 3; i++) expect(fast.sums[i]).toBeCloseTo(ref.sums[i], 15);
    const dist = crossSums("distance", x, 3, y, 2, 2, { gradient: true })!;
    const refDist = loops("distance", x, y, 2);
    expect(dist.out!.every(Number.isFinite)).toBe(true);
    for (let i = 0; i < 3; i++)
      for (let a = 0; a < 2; a++)
        expect(dist.out![a * 3 + i]).toBeCloseTo(refDist.out[i * 2 + a], 14);
  });

  it("decline what they do not cover", () => {
    expect(crossSums("gauss", new Float64Array(8), 2, new Float64Array(8), 2, 4)).toBeNull();
    expect(crossSums("gauss", new Float64Array(0), 0, new Float64Array(2), 1, 2)).toBeNull();
  });
});

/** −Σ_t scale·∇V_t(x_i) and Σ_i V_t(x_i)/n by the closures, one particle at a time. */
function byClosures(terms: PotentialTerm[], p: Particles) {
  const v = new Float64Array(p.n * p.d);
  const g = new Float64Array(p.d);
  let energy = 0;
  for (const t of terms)
    for (let i = 0; i < p.n; i++) {
      const at = p.x.subarray(i * p.d, (i + 1) * p.d);
      t.grad(at, g);
      for (let a = 0; a < p.d; a++) v[i * p.d + a] -= t.scale * g[a];
      energy += (t.scale * t.value(at)) / p.n;
    }
  return { v, energy };
}

describe("potentials of target samples by their sums", () => {
  for (const d of [1, 2, 3])
    it(`give the closures' velocity and energy in d = ${d} (Gaussian of three widths, distance)`, () => {
      const teacher = particles(normal(key(70 + d), 203 * d), d);
      const p = particles(
        normal(key(80 + d), 157 * d).map((v) => 0.5 * v - 1),
        d,
      );
      for (const energy of [
        mmdEnergy(teacher, 0.3),
        mmdEnergy(teacher, 1),
        mmdEnergy(teacher, 3),
        energyDistanceEnergy(teacher),
      ]) {
        const potentials = energy.terms.filter((t): t is PotentialTerm => t.type === "potential");
        expect(potentials.every((t) => t.samples)).toBe(true);
        const ref = byClosures(potentials, p);
        const onlyPotentials = { terms: potentials };
        const fast = transportVelocity(onlyPotentials, p);
        // scale of each particle's sum: the closures' |∇V| terms are at most 2inv·r·e^{..} ≤ 1/s
        // (Gaussian) or 1 (distance) each, averaged over the samples: ≤ max(1, 1/s)
        for (let k = 0; k < fast.length; k++)
          expect(Math.abs(fast[k] - ref.v[k])).toBeLessThan(TOL * 4);
        const e = energyValue(onlyPotentials, p);
        expect(Math.abs(e - ref.energy)).toBeLessThan(TOL * (1 + Math.abs(ref.energy)));
      }
    });

  it("are not declared over weighted samples, which the closures handle", () => {
    const w = Float64Array.from({ length: 20 }, (_, i) => (1 + (i % 3)) / 40);
    const weighted = particles(normal(key(3), 40), 2, w);
    for (const energy of [mmdEnergy(weighted, 1), energyDistanceEnergy(weighted)])
      for (const t of energy.terms) if (t.type === "potential") expect(t.samples).toBeUndefined();
  });
});

describe("the unbiased MMD² and energy distance by the sums", () => {
  /** The unbiased estimate by double loops over pairs (written here). */
  function unbiased(k: (r2: number) => number, a: Float64Array, b: Float64Array, d: number) {
    const mean = (x: Float64Array, y: Float64Array, self: boolean) => {
      const n = x.length / d;
      const m = y.length / d;
      let s = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < m; j++) {
          if (self && i === j) continue;
          let r2 = 0;
          for (let c = 0; c < d; c++) r2 += (x[i * d + c] - y[j * d + c]) ** 2;
          s += k(r2);
        }
      return s / (self ? n * (n - 1) : n * m);
    };
    return mean(a, a, true) + mean(b, b, true) - 2 * mean(a, b, false);
  }

  it("match the double loops over rows in several calls (N = 3, 64, 65, 300)", () => {
    // oracle: the loops above. Both estimates are differences of means of size ~1 (distance)
    // or ≤ 1 (Gaussian), so the reordered sums' rounding stays ~N·1e-16 absolute: tol 1e-12.
    for (const d of [1, 2, 3])
      for (const n of [3, 64, 65, 300]) {
        const a = normal(key(n + 5 * d), n * d);
        const b = normal(key(n + 9 * d), (n + 7) * d).map((v) => v + 0.4);
        const sigma = 0.8;
        const mmd = mmdSquared(cloud(a, d), cloud(b, d), sigma);
        const gauss = (r2: number) => Math.exp(-r2 / (2 * sigma * sigma));
        expect(Math.abs(mmd - unbiased(gauss, a, b, d))).toBeLessThan(1e-12);
        const ed = energyDistance(cloud(a, d), cloud(b, d));
        expect(Math.abs(ed - unbiased((r2) => -Math.sqrt(r2), a, b, d))).toBeLessThan(1e-12);
      }
  });
});
