import { afterAll, describe, expect, it } from "vitest";
import { closeNetThreads } from "../../src/nn/splitNet.js";
import { foldIn, key } from "../../src/random/key.js";
import { type NeuralJkoState, neuralJko } from "../../src/schemes/neuralJko.js";
import { stepContext } from "../helpers.js";
import { ou2d } from "./problems.js";

afterAll(closeNetThreads);

const problem = ou2d;

/** Two steps of a = 0.1 on `workers` threads (float64, cosine decay, Adam carried over). */
function twoSteps(workers: number): NeuralJkoState {
  const scheme = neuralJko({
    n: 2000,
    batch: 1000,
    outer: 30,
    width: 16,
    dualDepth: 2,
    precision: "f64",
    schedule: "cosine",
    adam: "warm",
    workers,
  });
  let s = scheme.init(problem, key(1));
  for (const k of [1, 2]) s = scheme.step(s, stepContext(problem, 0.1, foldIn(key(2), k)));
  return s;
}

describe("the neural JKO on several threads (scheme.workers)", () => {
  it("steps as on one thread up to the order of the gradients' sums, and repeats itself", () => {
    // oracle: the same steps on one thread. The split changes only the order in which each
    // parameter gradient's rows are summed (test/nn/splitNet.test.ts), a relative change of
    // ~1e-15 per sum; 60 Adam steps on T (180 on h) carry it into the weights, and the pool
    // (spread ~1) moved by at most 4.4e-16 here. Tol 1e-12: far below the training noise
    // (the pool moves ~0.1 a step), with room for rounding to grow over the steps.
    const [one, two, again] = [twoSteps(1), twoSteps(2), twoSteps(2)];
    const [a, b] = [one.measure.x, two.measure.x];
    let largest = 0;
    for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i] - b[i]));
    expect(largest).toBeLessThan(1e-12);
    expect(largest).toBeGreaterThan(0); // the chunks' order is in effect
    // the same thread count gives the same numbers
    expect(Array.from(again.measure.x)).toEqual(Array.from(b));
  });
});
