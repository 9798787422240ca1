/**
 * The support tables in docs/conventions.md are the registry's declarations, not a copy that
 * drifts. Oracle: the section scripts/supportTable.ts generates from the registry and presets.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { conventionsPath, supportSection, withSection } from "../../scripts/supportTable.js";

describe("support tables", () => {
  it("docs/conventions.md matches the registry (regenerate: npx tsx scripts/supportTable.ts)", () => {
    const page = readFileSync(conventionsPath, "utf8");
    expect(withSection(page, supportSection())).toBe(page);
  });
});
