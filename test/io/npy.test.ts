import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy } from "../../src/io/npy.js";
import { fromTypedJson, toTypedJson } from "../../src/io/typedJson.js";
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
});

describe("checkpoint JSON", () => {
  it("keeps Float64Arrays bit-exact", () => {
    const value = { a: Float64Array.from([0.1, -1e-310, NaN, Infinity]), b: { c: 3 } };
    const back = fromTypedJson<typeof value>(toTypedJson(value));
    expect(back.a).toEqual(value.a);
    expect(back.b.c).toBe(3);
  });
});
