import { describe, expect, it } from "vitest";
import { particleMeshVelocity } from "../../src/kernels/particleMesh.js";
import { interactionVelocity } from "../../src/energies/velocity.js";
import { gaussianAttractionKernel, logKernel } from "../../src/energies/interaction.js";
import { particles } from "../../src/measures/construct.js";
import { normal } from "../../src/random/sample.js";
import { key } from "../../src/random/key.js";

describe("particle–mesh interaction velocity (2D)", () => {
  it("converges at second order in the mesh spacing to the exact pair sum", () => {
    // oracle: the exact pair sum. Cloud-in-cell deposit + interpolation of a smooth kernel
    // errs by O(h²): measured max error / max |v| at N = 4000: 1.7e-2, 4.4e-3, 1.1e-3 for
    // h = 0.2, 0.1, 0.05. Tol: < 6e-3 at h = 0.1 and a ratio 4 ± 0.6 when h halves.
    const p = particles(normal(key(1), 2 * 4000), 2);
    const exact = interactionVelocity(gaussianAttractionKernel, p);
    const scale = exact.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
    const error = (h: number) =>
      particleMeshVelocity(gaussianAttractionKernel, p, h).reduce(
        (s, v, k) => Math.max(s, Math.abs(v - exact[k])),
        0,
      ) / scale;
    const [coarse, fine] = [error(0.1), error(0.05)];
    expect(coarse).toBeLessThan(6e-3);
    expect(coarse / fine).toBeGreaterThan(3.4);
    expect(coarse / fine).toBeLessThan(4.6);
  });

  it("refuses singular kernels, other dimensions and a spacing ≤ 0", () => {
    const p = particles(normal(key(2), 20), 2);
    expect(() => particleMeshVelocity(logKernel, p, 0.1)).toThrow(/singular/);
    expect(() =>
      particleMeshVelocity(gaussianAttractionKernel, particles([0, 1, 2], 1), 0.1),
    ).toThrow(/2D/);
    expect(() => particleMeshVelocity(gaussianAttractionKernel, p, 0)).toThrow(/spacing/);
  });
});
