import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/errors.js";
import { Mlp } from "../../src/nn/mlp.js";
import { onThreads } from "../../src/nn/threads.js";
import { key } from "../../src/random/key.js";
import { neuralJko } from "../../src/schemes/neuralJko.js";

// This file does not load nn/splitNet.ts (as the explorer's bundle does not): no threads.
describe("networks on threads where the runtime gives none", () => {
  it("run on one thread, and more threads are refused with a fix, when the scheme is made", () => {
    const net = new Mlp(2, 2, 4, 1, true, key(0));
    expect(onThreads(net, 1)).toBe(net);
    expect(() => onThreads(net, 2)).toThrow(ConfigError);
    expect(() => neuralJko({ workers: 2 })).toThrow(/scheme\.workers=1/);
    expect(() => neuralJko({ workers: 1 })).not.toThrow();
  });
});
