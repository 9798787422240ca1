/**
 * Run archives under generated entry names: absolute paths, `../`, backslashes, empty and `.`
 * segments, NUL. `unzipRun` either refuses the archive with a ConfigError or yields one folder
 * name that is a plain file name and files that all stay inside that folder; it never throws
 * anything else. Oracle: path.resolve on the folder the files would be written to.
 * Case count fixed (600) so that CI runs the same cases every time.
 */
import { resolve, sep } from "node:path";
import fc from "fast-check";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/errors.js";
import { unzipRun } from "../../src/io/runArchive.js";

const segment = fc.oneof(
  fc.constantFrom(
    "..",
    ".",
    "",
    "run",
    "snapshots",
    "a\\..\\..",
    "..\\x",
    "\\",
    "\u0000",
    "a\u0000b",
    "C:",
    "~",
    "é",
    " ",
    "summary.json",
    "run.json",
  ),
  fc.string({ maxLength: 5 }),
);
const entryName = fc.oneof(
  fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join("/")),
  fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => "/" + s.join("/")),
  fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join("\\")),
  // a plausible run folder with one generated name among its files
  fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => "run/" + s.join("/")),
);
/** Archives that mostly carry the two files a run needs, so that the names decide the outcome. */
const archive = fc
  .tuple(
    fc.oneof(
      fc.constant("run"),
      fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join("/")),
    ),
    fc.array(entryName, { maxLength: 4 }),
    fc.boolean(),
  )
  .map(([top, names, withRun]) => {
    const files: Record<string, Uint8Array> = {};
    if (withRun) {
      files[`${top}/summary.json`] = strToU8("{}");
      files[`${top}/run.json`] = strToU8("{}");
    }
    for (const n of names) files[n] = strToU8("x");
    return files;
  });

const run = (top: string, extra: Record<string, Uint8Array> = {}): Uint8Array =>
  zipSync({ [`${top}/summary.json`]: strToU8("{}"), [`${top}/run.json`]: strToU8("{}"), ...extra });

describe("run archives under generated entry names", () => {
  it("refuse a folder named `..`, `.` or `` (it would unpack onto the archive's parent)", () => {
    // found by the property below: "../summary.json" + "../run.json" named the folder ".."
    for (const top of ["..", ".", "", ".hidden", "a\\..", "a\u0000"])
      expect(() => unzipRun(run(top)), JSON.stringify(top)).toThrow(ConfigError);
    for (const bad of ["run/a\\..\\..\\x", "run/./x", "run/a\u0000b"])
      expect(() => unzipRun(run("run", { [bad]: strToU8("x") })), bad).toThrow(/unsafe path/);
    expect(unzipRun(run("run")).name).toBe("run");
  });

  it("are refused with a ConfigError or stay inside one plain folder (600 cases)", () => {
    const base = resolve("/unpack/here");
    let accepted = 0;
    fc.assert(
      fc.property(archive, (entries) => {
        let bytes: Uint8Array;
        try {
          bytes = zipSync(entries);
        } catch {
          return; // fflate cannot write this name: nothing to test
        }
        let out: ReturnType<typeof unzipRun>;
        try {
          out = unzipRun(bytes);
        } catch (e) {
          expect(e, (e as Error).stack).toBeInstanceOf(ConfigError);
          return;
        }
        accepted++;
        expect(out.name).toMatch(/^[\w-][\w.-]*$/);
        const folder = resolve(base, out.name);
        expect(folder.startsWith(base + sep)).toBe(true);
        for (const rel of Object.keys(out.files)) {
          expect(rel.includes("\\") || rel.includes("\u0000"), rel).toBe(false);
          const file = resolve(folder, rel);
          expect(file.startsWith(folder + sep), rel).toBe(true);
        }
      }),
      { numRuns: 600 },
    );
    expect(accepted).toBeGreaterThan(20); // the generator reaches the accepting side too
  });
});
