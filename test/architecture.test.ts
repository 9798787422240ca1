/**
 * The layering of docs/architecture.md, checked: a file may import from its own layer or one
 * below, never from a layer above. Oracle: the import statements of every file under src/.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/** Higher imports lower; folders of one rank may import each other. */
const rank: Record<string, number> = {
  core: 0,
  random: 0,
  measures: 1,
  graph: 1,
  kernels: 2,
  nn: 3,
  energies: 4,
  ot: 4,
  neural: 5,
  schemes: 6,
  flow: 7,
  diagnostics: 7,
  presets: 8,
  config: 9,
  io: 10,
  plot: 10,
  cli: 11,
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("layers", () => {
  it("every folder of src/ has a rank", () => {
    const folders = readdirSync("src", { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.filter((f) => !(f in rank))).toEqual([]);
  });

  it("no file imports from a layer above its own", () => {
    const upward: string[] = [];
    for (const file of files("src")) {
      const layer = relative("src", file).split("/")[0];
      if (!(layer in rank)) continue; // src/index.ts and src/version.ts sit above everything
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/from "\.\.\/([a-z]+)\//g)) {
        if (rank[m[1]] > rank[layer]) upward.push(`${file} imports ${m[1]}/`);
      }
    }
    expect(upward).toEqual([]);
  });
});
