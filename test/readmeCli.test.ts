/**
 * Every `ottoflow run PRESET …` line of the README resolves and prepares (preset, scheme,
 * --set keys and their ranges, support of the scheme for the problem), and every `presets NAME` /
 * `schemes NAME` line names something that exists. Oracle: the same resolve and prepare
 * steps the CLI takes before it runs, so a renamed key or preset fails here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RUN_OPTIONS, parseCli } from "../src/cli/args.js";
import { prepareRun } from "../src/config/run.js";
import { resolveRunConfig } from "../src/config/runConfig.js";
import { findPreset } from "../src/presets/index.js";
import { findScheme } from "../src/schemes/registry.js";

const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");

/** The README's command lines, without the comment after `#` and the leading `npx`. */
const commands = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((m) => m[1].split("\n"))
  .map((line) => line.replace(/\s+#.*$/, "").trim())
  .flatMap((line) => {
    const at = line.indexOf("ottoflow ");
    return at < 0 ? [] : [line.slice(at + "ottoflow ".length).split(/\s+/)];
  });

describe("README command lines", () => {
  it("are found", () => {
    expect(commands.filter(([c]) => c === "run").length).toBeGreaterThanOrEqual(3);
  });

  it("`run PRESET …` lines resolve and prepare as the CLI would", () => {
    const runs = commands.filter(([c, target]) => c === "run" && !target.endsWith(".json"));
    for (const [, ...args] of runs) {
      const { values, positionals } = parseCli(args, RUN_OPTIONS);
      const config = resolveRunConfig(
        positionals[0],
        values.set as string[],
        values.seed === undefined ? undefined : Number(values.seed),
        values.scheme as string | undefined,
      );
      expect(() => prepareRun(config), args.join(" ")).not.toThrow();
    }
  });

  it("`presets NAME` and `schemes NAME` name what exists", () => {
    for (const [c, name] of commands) {
      if (name === undefined || name.startsWith("-")) continue;
      if (c === "presets") expect(findPreset(name), name).toBeDefined();
      if (c === "schemes") expect(findScheme(name), name).toBeDefined();
    }
  });
});
