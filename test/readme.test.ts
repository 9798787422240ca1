/** The README's library example is executed as a user would run it: `import … from "ottoflow"`. */
import { runCommand } from "./helpers.js";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

describe("README", () => {
  it("library example runs and prints an ok status near −log Z", async () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    const dir = join(root, ".test-tmp");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "readme-example.mjs");
    writeFileSync(file, code!);
    const r = await runCommand(process.execPath, [file]);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout.trim().split(/\s+/);
    expect(out[0]).toBe("ok");
    // oracle: the minimum of F is −log Z = −0.67993; the spacing estimate at n = 2000 is within 0.03
    expect(Math.abs(Number(out[1]) + 0.67993)).toBeLessThan(0.03);
  });

  it("shows the test command that .ci/run calls", () => {
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain("npm test");
    expect(readFileSync(join(root, ".ci", "run"), "utf8")).toMatch(/^npm test$/m);
  });
});
