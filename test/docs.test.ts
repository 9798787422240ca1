/**
 * Every TypeScript example in the guide (docs/guide/*.md) runs as a user would run it:
 * `import … from "ottoflow"`, through tsx. The examples check themselves with node:assert,
 * so an example whose numbers drift fails here.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand, tempDir } from "./helpers.js";

const root = join(import.meta.dirname, "..");
const guide = join(root, "docs", "guide");
const pages = readdirSync(guide).filter((f) => f.endsWith(".md"));

/** The `npx ottoflow run …` and `npx ottoflow presets …` lines of the guide's shell blocks. */
const cliLines = pages.flatMap((p) =>
  [...readFileSync(join(guide, p), "utf8").matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) =>
    block[1]
      .split("\n")
      .map((line) => line.replace(/\s+#.*$/, "").trim())
      .filter((line) => /^npx ottoflow (run|presets)\b/.test(line))
      .map((line) => ({ page: p, line })),
  ),
);

describe("the guide's examples", () => {
  it("there are examples to run", () => {
    const count = pages.reduce(
      (n, p) => n + [...readFileSync(join(guide, p), "utf8").matchAll(/```ts\n/g)].length,
      0,
    );
    expect(count).toBeGreaterThanOrEqual(7);
  });

  for (const page of pages) {
    const blocks = [...readFileSync(join(guide, page), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)];
    blocks.forEach((block, k) =>
      it(`${page} example ${k + 1} runs and its assertions hold`, async () => {
        const dir = join(root, ".test-tmp", "docs");
        mkdirSync(dir, { recursive: true });
        const file = join(dir, `${page.replace(/\.md$/, "")}-${k + 1}.ts`);
        writeFileSync(file, block[1]);
        const r = await runCommand(process.execPath, ["--import", "tsx", file], { cwd: root });
        expect(r.code, r.stderr).toBe(0);
      }),
    );
  }

  cliLines.forEach(({ page, line }, k) =>
    it(`${page}: \`${line}\` runs`, async () => {
      // Split like a shell would for these lines: words, and one single-quoted argument.
      const words = [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]).slice(2);
      const args =
        words[0] === "run"
          ? [...words, "--out", join(tempDir(), `cli-run-${k}`), "--quiet"]
          : words;
      const r = await runCommand(process.execPath, [join(root, "bin", "ottoflow.js"), ...args], {
        cwd: root,
      });
      expect(r.code, r.stderr).toBe(0);
      // A neural run trains networks: up to a minute and a half on two loaded cores.
    }, 180_000),
  );
});
