import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ConfigError } from "../../src/core/errors.js";
import { decodeNpy, encodeNpy } from "../../src/io/npy.js";
import { tempDir } from "../helpers.js";

function numpyAvailable(): boolean {
  try {
    execFileSync("python3", ["-c", "import numpy"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe(".npy files", () => {
  it("round-trip float64 arrays with a 64-byte aligned header", () => {
    const data = Float64Array.from([1.5, -2, Math.PI, 1e-300, -0, 7]);
    const bytes = encodeNpy(data, [3, 2]);
    const headerLen = new DataView(bytes.buffer).getUint16(8, true);
    expect((10 + headerLen) % 64).toBe(0);
    const back = decodeNpy(bytes);
    expect(back.shape).toEqual([3, 2]);
    expect(back.data).toEqual(data);
    expect(() => decodeNpy(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))).toThrow(/magic/);
  });

  it.runIf(numpyAvailable())("are read by numpy exactly", () => {
    // oracle: numpy's own reader (skipped, with this name, where python3 has no numpy)
    const dir = tempDir();
    const path = join(dir, "a.npy");
    writeFileSync(path, encodeNpy(Float64Array.from([0.1, 0.2, 0.3, 0.4]), [2, 2]));
    const out = execFileSync("python3", [
      "-c",
      `import numpy as n; a=n.load(${JSON.stringify(path)}); print(a.shape, a.dtype, float(a[1,0]))`,
    ]);
    expect(out.toString().trim()).toBe("(2, 2) float64 0.3");
  });

  it.runIf(numpyAvailable())(
    "read numpy's Fortran-ordered arrays (saved transposed views) in C order",
    () => {
      // oracle: numpy writes a.T of a C-ordered 3×2 array as a Fortran-ordered 2×3 array
      const path = join(tempDir(), "t.npy");
      execFileSync("python3", [
        "-c",
        `import numpy as n; n.save(${JSON.stringify(path)}, n.arange(6.0).reshape(3, 2).T)`,
      ]);
      const back = decodeNpy(new Uint8Array(readFileSync(path)));
      expect(back.shape).toEqual([2, 3]);
      expect(Array.from(back.data)).toEqual([0, 2, 4, 1, 3, 5]);
    },
  );

  it("refuse any truncated, padded, tampered or garbage file by name (2000 cases, no other error)", () => {
    const good = encodeNpy(
      Float64Array.from({ length: 12 }, (_, i) => i / 7),
      [4, 3],
    );
    const header = (text: string): Uint8Array => {
      const h = `${text}`.padEnd(118) + "\n";
      const out = new Uint8Array(10 + h.length + 96);
      out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
      new DataView(out.buffer).setUint16(8, h.length, true);
      out.set(new TextEncoder().encode(h), 10);
      return out;
    };
    const mutated = fc.oneof(
      fc.nat(good.length - 1).map((n) => good.subarray(0, n)),
      fc.uint8Array({ minLength: 1, maxLength: 16 }).map((x) => Uint8Array.from([...good, ...x])),
      fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
        const b = Uint8Array.from(good);
        b[i] ^= x;
        return b;
      }),
      fc.uint8Array({ maxLength: 200 }),
      fc
        .string()
        .map((shape) => header(`{'descr': '<f8', 'fortran_order': False, 'shape': (${shape}), }`)),
      fc
        .array(fc.integer({ min: -5, max: 2 ** 40 }), { maxLength: 4 })
        .map((dims) =>
          header(`{'descr': '<f4', 'fortran_order': True, 'shape': (${dims.join(", ")},), }`),
        ),
    );
    fc.assert(
      fc.property(mutated, (bytes) => {
        try {
          const { data, shape } = decodeNpy(bytes);
          expect(data.length).toBe(shape.reduce((p, s) => p * s, 1));
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
          expect((e as Error).message).toMatch(/^npy: /);
        }
      }),
      { numRuns: 2000 },
    );
    expect(() => decodeNpy(good.subarray(0, good.length - 1))).toThrow(
      /truncated: shape \[4,3\] needs 96 bytes/,
    );
  });
});
