import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers.js";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { fromRows } from "../../src/core/matrix.js";
import { eigSymmetric } from "../../src/core/linalg.js";
import { prepareRun, runExperiment } from "../../src/config/run.js";
import { encodeNpy } from "../../src/io/npy.js";
import { expandArraySets } from "../../src/cli/arraySets.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

describe("ou preset (seed 001 §4.2)", () => {
  it("a run far from the exact law ends 'inaccurate' with step advice; a coarse healthy one stays ok", async () => {
    // oracle: the exact OU law. dt = 1 ends at SymKL 5.0; dt = 0.3, the coarsest healthy step
    // measured, at 0.04 — a margin of 12× under the limit 0.51 (ou.ts records the others).
    const far = await runExperiment(resolveRunConfig("ou", ["dt=1", "until=10"]));
    expect(far.result.status).toBe("ok"); // nothing blew up…
    expect(far.summary.status).toBe("inaccurate"); // …but the answer is wrong
    expect(far.summary.advice).toMatch(
      /symkl:gaussian = 5\.\d+ at t = 10, above the 0\.51 .*try dt ≤ 0\.25/,
    );
    const coarse = await runExperiment(resolveRunConfig("ou", ["dt=0.3", "until=10"]));
    expect(coarse.summary.status).toBe("ok");
  });
});

describe("ou with the user's target", () => {
  const problemOf = (sets: string[]) => prepareRun(resolveRunConfig("ou", sets)).record.problem;

  it("takes A and b as given, records them, and checks them", () => {
    // oracle: the values passed in; run.json's problem block is what reruns the run.
    const problem = problemOf(["dim=2", "A=[[2,0.5],[0.5,1]]", "b=[1,-1]"]);
    expect(problem.A).toEqual([
      [2, 0.5],
      [0.5, 1],
    ]);
    expect(problem.b).toEqual([1, -1]);
    expect(() => problemOf(["dim=3", "A=[[2,0],[0,1]]"])).toThrow(/A has 2 entries but dim = 3/);
    expect(() => problemOf(["A=[[2,1],[0,1]]"])).toThrow(/A must be symmetric/);
    expect(() => problemOf(["A=[[1,2],[2,1]]"])).toThrow(/positive definite/);
    expect(() => problemOf(["b=[1,2,3]"])).toThrow(/b has 3 entries but dim = 2/);
    expect(() => problemOf(["A=[[1,0],[0,1]]", "variances=[1,2]"])).toThrow(/not both/);
  });

  it("builds A from a spectrum of target variances in a random basis", () => {
    // oracle: A = Q diag(1/v) Qᵀ has eigenvalues 1/v exactly (to rounding, 1e-12) for any
    // orthogonal Q, and Q comes from the seed (another seed, another basis).
    const variances = [0.5, 1.5, 1.9, 3];
    const A = (seed: number) =>
      prepareRun(resolveRunConfig("ou", ["dim=4", `variances=${JSON.stringify(variances)}`], seed))
        .record.problem.A as number[][];
    const eig = Array.from(eigSymmetric(fromRows(A(0))).values).sort((a, b) => a - b);
    const want = variances.map((v) => 1 / v).sort((a, b) => a - b);
    eig.forEach((e, i) => expect(Math.abs(e - want[i])).toBeLessThan(1e-12));
    expect(A(1)).not.toEqual(A(0));
  });

  it("reads array values from .npy files on the command line", () => {
    // oracle: the array written by encodeNpy comes back as the same nested JSON
    const file = join(tempDir(), "A.npy");
    writeFileSync(file, encodeNpy(Float64Array.from([2, 0.5, 0.5, 1]), [2, 2]));
    expect(expandArraySets([`A=${file}`, "dim=2"])).toEqual(["A=[[2,0.5],[0.5,1]]", "dim=2"]);
    expect(() => expandArraySets(["A=missing.npy"])).toThrow(/no file missing.npy/);
  });
});
