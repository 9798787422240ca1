/** Interaction energies ½∬ W(x − y) dρ dρ with radial kernels. */
import { ConfigError } from "../core/errors.js";
import type { Energy, RadialKernel } from "./types.js";

/** W(x) = |x|⁴/4 − |x|²/2: attraction at long range, repulsion at short; steady ring of radius 1/√3 in 2D. */
export const ringKernel: RadialKernel = {
  name: "ring",
  w: (r2) => (r2 * r2) / 4 - r2 / 2,
  c: (r2) => r2 - 1,
  singularAtZero: false,
};

/** W(x) = |x|²/2 − ln|x|: the log-gas kernel (semicircle steady state in 1D). */
export const logKernel: RadialKernel = {
  name: "log",
  w: (r2) => r2 / 2 - 0.5 * Math.log(r2),
  c: (r2) => 1 - 1 / r2,
  singularAtZero: true,
};

/** W(x) = −e^{−|x|²}/π: Gaussian attraction (seed 001 §4.4). */
export const gaussianAttractionKernel: RadialKernel = {
  name: "gaussian-attraction",
  w: (r2) => -Math.exp(-r2) / Math.PI,
  c: (r2) => (2 / Math.PI) * Math.exp(-r2),
  singularAtZero: false,
};

/**
 * W(x) = −ln|x|: pure Coulomb repulsion in 2D. With ½ in front of the energy, each pair
 * i ≠ j raises the mean of |x|² by exactly 1/N per unit time along the particle ODE, and
 * with the confinement |x|²/2 the steady state is the uniform disc of radius √s.
 */
export const coulombKernel: RadialKernel = {
  name: "coulomb",
  w: (r2) => -0.5 * Math.log(r2),
  c: (r2) => -1 / r2,
  singularAtZero: true,
};

/** W(x) = |x|²/2: linear attraction to the centre of mass (a closed-form test case). */
export const quadraticKernel: RadialKernel = {
  name: "quadratic",
  w: (r2) => r2 / 2,
  c: () => 1,
  singularAtZero: false,
};

/**
 * W(x) = sign·e^{−|x|²/(2σ²)}: the Gaussian kernel of seed 004. Positive (sign +1), Wasserstein
 * descent of ½∬W pushes particles apart at short range; negative, it pulls them together (collapse).
 */
export function gaussianKernel(sigma: number, sign: 1 | -1): RadialKernel {
  if (!(sigma > 0)) throw new ConfigError(`the Gaussian kernel's width must be > 0, got ${sigma}`);
  const inv = 1 / (2 * sigma * sigma);
  return {
    name: `${sign > 0 ? "" : "−"}gaussian(σ=${sigma})`,
    w: (r2) => sign * Math.exp(-r2 * inv),
    c: (r2) => (-sign * Math.exp(-r2 * inv)) / (sigma * sigma),
    singularAtZero: false,
  };
}

export const namedKernels = {
  ring: ringKernel,
  log: logKernel,
  "gaussian-attraction": gaussianAttractionKernel,
  quadratic: quadraticKernel,
  coulomb: coulombKernel,
} as const;

export type KernelName = keyof typeof namedKernels;

export function interaction(kernel: RadialKernel | KernelName): Energy {
  const k = typeof kernel === "string" ? namedKernels[kernel] : kernel;
  // Pairs j = i meet the kernel at 0: a kernel undefined there must say so, and is then
  // evaluated with the j ≠ i rule.
  if (!k.singularAtZero && !(Number.isFinite(k.w(0)) && Number.isFinite(k.c(0))))
    throw new ConfigError(
      `the kernel "${k.name}" is not defined at 0 (W(0) = ${k.w(0)}, c(0) = ${k.c(0)})`,
      "set singularAtZero: true so that pairs j = i are skipped",
    );
  return { terms: [{ type: "interaction", name: k.name, scale: 1, kernel: k }] };
}
