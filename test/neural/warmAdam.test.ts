import { describe, expect, it } from "vitest";
import { decodeCheckpoint, encodeCheckpoint } from "../../src/io/checkpointFile.js";
import { foldIn, key } from "../../src/random/key.js";
import { type NeuralJkoState, neuralJko } from "../../src/schemes/neuralJko.js";
import { stepContext } from "../helpers.js";
import { ou2d } from "./problems.js";
import { Mlp } from "../../src/nn/mlp.js";
import { flatParameters } from "../../src/nn/net.js";

const problem = ou2d;
const settings = {
  n: 400,
  batch: 200,
  outer: 20,
  width: 8,
  dualDepth: 1,
  precision: "f64",
} as const;

/** Two steps of a = 0.1 from the same start, the second from `between(first state)`. */
function twoSteps(adam: "fresh" | "warm", between = (s: NeuralJkoState) => s): NeuralJkoState {
  const scheme = neuralJko({ ...settings, adam });
  const s0 = scheme.init(problem, key(1));
  const s1 = scheme.step(s0, stepContext(problem, 0.1, foldIn(key(2), 1)));
  return scheme.step(between(s1), stepContext(problem, 0.1, foldIn(key(2), 2)));
}

describe("the neural JKO's Adam memory carried across steps (adam: warm)", () => {
  it("survives a checkpoint: a resumed step is the uninterrupted one, bit for bit", () => {
    // oracle: the run without the checkpoint (the same arithmetic on the same state)
    const through = twoSteps("warm");
    const resumed = twoSteps("warm", (s) => {
      const bytes = Buffer.concat(encodeCheckpoint(s));
      return decodeCheckpoint(new Uint8Array(bytes), "test.ckpt") as NeuralJkoState;
    });
    expect(through.optimizer?.T.length).toBeGreaterThan(1);
    expect(Array.from(resumed.measure.x)).toEqual(Array.from(through.measure.x));
  });

  it("is what the second step starts from, and the seed's fresh Adam keeps none", () => {
    // the same start, key and networks: only Adam's memory differs between the two
    const [fresh, warm] = [twoSteps("fresh"), twoSteps("warm")];
    expect(fresh.optimizer).toBeUndefined();
    expect(warm.optimizer?.T[0]).toBe(40); // Adam's step count after 2 × J1 = 20
    expect(Array.from(warm.measure.x)).not.toEqual(Array.from(fresh.measure.x));
  });
});

describe("the neural JKO's networks", () => {
  it("take T's width from mapWidth when it is given, h's from width", () => {
    // oracle: the parameter count of an MLP built directly with those widths (T with
    // mapDepth hidden layers of mapWidth, h with dualDepth layers of width)
    const count = (o: { width: number; mapWidth?: number }) =>
      neuralJko({ ...settings, mapDepth: 2, ...o }).init(problem, key(0)).weights.length;
    const direct = (wT: number, wh: number) =>
      flatParameters([
        new Mlp(2, 2, wT, 2, true, key(0), "f64"),
        new Mlp(2, 1, wh, settings.dualDepth, false, key(0), "f64"),
      ]).length;
    expect(count({ width: 8 })).toBe(direct(8, 8));
    expect(count({ width: 8, mapWidth: 16 })).toBe(direct(16, 8));
  });
});
