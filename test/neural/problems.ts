/** Problems the neural JKO's tests share. */
import { kl } from "../../src/energies/internal.js";
import { quadratic } from "../../src/energies/potential.js";
import { gaussian } from "../../src/measures/construct.js";

/** KL to a correlated 2D Gaussian N(b, A⁻¹) from N(0, I): an OU flow. */
export const ou2d = {
  energy: kl(
    quadratic({
      A: [
        [1.5, 0.3],
        [0.3, 1],
      ],
      b: [1, 0.5],
    }),
  ),
  initial: gaussian({
    mean: [0, 0],
    cov: [
      [1, 0],
      [0, 1],
    ],
  }),
};
