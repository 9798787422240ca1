/** The CLI's one error boundary: a named error exits 2 with its fix, a bug exits 1, neither prints a stack. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError } from "../../src/core/errors.js";
import { reportFailure } from "../../src/cli/main.js";

function stderrOf(e: unknown): { code: number; text: string } {
  let text = "";
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    text += String(chunk);
    return true;
  });
  try {
    return { code: reportFailure(e), text };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => {
  delete process.env.OTTOFLOW_DEBUG;
});

describe("the CLI error boundary", () => {
  it("prints named errors with their fix, system errors with the file, and no stack trace", () => {
    const named = stderrOf(new ConfigError("bad thing", "do this"));
    expect(named).toEqual({ code: 2, text: "ottoflow: bad thing\n  fix: do this\n" });
    const enospc = Object.assign(new Error("ENOSPC: no space left on device, write"), {
      code: "ENOSPC",
      syscall: "write",
      path: "/data/run/x.npy",
    });
    const io = stderrOf(enospc);
    expect(io.code).toBe(2);
    expect(io.text).toMatch(/cannot use \/data\/run\/x\.npy \(ENOSPC[\s\S]*fix: the disk is full/);
    const oom = stderrOf(new RangeError("Array buffer allocation failed"));
    expect(oom.code).toBe(2);
    expect(oom.text).toMatch(/out of memory[\s\S]*fewer particles/);
    const bug = stderrOf(new TypeError("x is undefined"));
    expect(bug.code).toBe(1);
    expect(bug.text).toMatch(
      /internal error: x is undefined[\s\S]*a bug in ottoflow[\s\S]*OTTOFLOW_DEBUG=1/,
    );
    for (const r of [named, io, oom, bug]) expect(r.text).not.toMatch(/\n\s+at /);
    process.env.OTTOFLOW_DEBUG = "1";
    expect(stderrOf(new TypeError("x")).text).toMatch(/\n\s+at /); // asked for: the stack
  });
});
