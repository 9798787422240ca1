/** Binary checkpoints: bit-exact round trips, and every damaged file named, never resumed from. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IoError } from "../../src/core/errors.js";
import { decodeCheckpoint, encodeCheckpoint } from "../../src/io/checkpointFile.js";

const bytesOf = (v: unknown): Uint8Array => Buffer.concat(encodeCheckpoint(v));

describe("checkpoint files", () => {
  it("keep Float64Arrays bit-exact, at any offset and length", () => {
    // oracle: the input itself; bit-exact since the bytes are copied, never printed
    const value = {
      a: Float64Array.from([0.1, -1e-310, NaN, Infinity]),
      b: { c: 3, d: [new Float64Array(0), Float64Array.from([-0])] },
    };
    const back = decodeCheckpoint(bytesOf(value), "c") as typeof value;
    expect(back.a).toEqual(value.a);
    expect(Object.is(back.b.d[1][0], -0)).toBe(true);
    expect(back.b.c).toBe(3);
    fc.assert(
      fc.property(
        fc.array(fc.float64Array({ maxLength: 20 }), { maxLength: 5 }),
        fc.string(),
        (arrays, s) => {
          const back = decodeCheckpoint(bytesOf({ arrays, s }), "c") as {
            arrays: Float64Array[];
            s: string;
          };
          expect(back.s).toBe(s);
          back.arrays.forEach((a, i) =>
            expect(
              Buffer.from(a.buffer).equals(
                Buffer.from(
                  arrays[i].buffer.slice(
                    arrays[i].byteOffset,
                    arrays[i].byteOffset + arrays[i].byteLength,
                  ),
                ),
              ),
            ).toBe(true),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("name a truncated, padded or tampered file instead of reading garbage (500 cases)", () => {
    const good = bytesOf({ version: 1, x: Float64Array.from({ length: 40 }, (_, i) => i) });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.nat(good.length - 1).map((n) => good.subarray(0, n)),
          fc
            .uint8Array({ minLength: 1, maxLength: 8 })
            .map((extra) => Buffer.concat([good, extra])),
          fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
            const b = Uint8Array.from(good);
            b[i] ^= x;
            return b;
          }),
          fc.uint8Array({ maxLength: 300 }),
        ),
        (bytes) => {
          try {
            decodeCheckpoint(bytes, "cp.bin");
          } catch (e) {
            expect(e).toBeInstanceOf(IoError);
            expect((e as Error).message).toMatch(/^cp\.bin is not a readable checkpoint/);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
