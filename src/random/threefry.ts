/**
 * Threefry-2x32 with 20 rounds (Salmon et al., "Parallel random numbers: as easy
 * as 1, 2, 3", SC'11): a counter-based generator. Output depends only on
 * (key, counter), so any worker or browser reproduces any stream position.
 */
const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24];
const PARITY = 0x1bd11bda;

/** Writes the two 32-bit output words for `(k0, k1)` and counter `(c0, c1)` into `out[at], out[at+1]`. */
export function threefry2x32(
  k0: number,
  k1: number,
  c0: number,
  c1: number,
  out: Uint32Array,
  at = 0,
): void {
  const ks0 = k0 | 0;
  const ks1 = k1 | 0;
  const ks2 = (PARITY ^ ks0 ^ ks1) | 0;
  const ks = [ks0, ks1, ks2];
  let x0 = (c0 + ks0) | 0;
  let x1 = (c1 + ks1) | 0;
  for (let round = 0; round < 20; round++) {
    const r = ROTATIONS[round & 7];
    x0 = (x0 + x1) | 0;
    x1 = (x1 << r) | (x1 >>> (32 - r));
    x1 ^= x0;
    if ((round & 3) === 3) {
      const s = (round + 1) >> 2;
      x0 = (x0 + ks[s % 3]) | 0;
      x1 = (x1 + ks[(s + 1) % 3] + s) | 0;
    }
  }
  out[at] = x0 >>> 0;
  out[at + 1] = x1 >>> 0;
}
