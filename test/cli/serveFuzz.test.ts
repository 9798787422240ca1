/**
 * `ottoflow serve` under generated request paths: percent-encodings, `..` and `%2e%2e`,
 * backslashes, NUL, long and unicode paths. Whatever the path, the answer is never a 500, never
 * the contents of a file beside the site root, and the server goes on serving. Requests are sent
 * raw (no URL normalisation by the client), so the server sees each path exactly as generated.
 * Case count fixed (400) so that CI runs the same cases every time.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { serveSite } from "../../src/cli/serve.js";
import { tempDir } from "../helpers.js";

const SECRET = "top-secret-beside-the-root";

/** A raw GET; a request the client itself refuses to send (e.g. a raw NUL) resolves to null. */
const get = (port: number, path: string): Promise<{ status: number; body: string } | null> =>
  new Promise((resolve) => {
    let req;
    try {
      req = request({ hostname: "127.0.0.1", port, path, method: "GET" }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
    } catch {
      resolve(null); // node's client refuses paths with raw control characters
      return;
    }
    req.on("error", () => resolve({ status: -1, body: "" })).end();
  });

const segment = fc.oneof(
  fc.constantFrom(
    "..",
    ".",
    "",
    "%2e%2e",
    "%2E%2E",
    ".%2e",
    "%2e.",
    "..%2f",
    "..%5c",
    "..\\",
    "%5c..",
    "%00",
    "\u0000",
    "%",
    "%zz",
    "%c0%ae%c0%ae",
    "%252e%252e",
    "secret.txt",
    "site",
    "index.html",
    "assets",
    "guide",
    "é",
    "%C3%A9",
    "\u{1F600}",
    "%F0%9F%98%80",
    "?x=..",
    "#..",
    "~",
    "a".repeat(300),
  ),
  fc.string({ maxLength: 6 }),
  fc.stringMatching(/^(%[0-9a-fA-F]{2})+$/),
);
const path = fc.oneof(
  fc.array(segment, { maxLength: 8 }).map((parts) => "/" + parts.join("/")),
  fc.array(segment, { maxLength: 8 }).map((parts) => "/" + parts.join("\\")),
  fc.array(segment, { maxLength: 8 }).map((parts) => parts.join("/")),
  fc.integer({ min: 1, max: 3000 }).map((n) => "/" + "../".repeat(n) + "secret.txt"),
  fc.integer({ min: 1, max: 20 }).map((n) => "/" + "%2e%2e%2f".repeat(n) + "secret.txt"),
  fc.integer({ min: 1, max: 20 }).map((n) => "/" + "..%5c".repeat(n) + "secret.txt"),
);

describe("ottoflow serve under generated paths", () => {
  it("never answers 500, never serves outside the root, keeps serving (400 cases)", async () => {
    const root = tempDir();
    const site = join(root, "site");
    mkdirSync(join(site, "assets"), { recursive: true });
    writeFileSync(join(site, "index.html"), "explorer");
    writeFileSync(join(site, "assets", "a.js"), "export {}");
    writeFileSync(join(root, "secret.txt"), SECRET);
    writeFileSync(join(root, "site-secret.txt"), SECRET); // a sibling sharing the root's prefix
    const { server, url } = await serveSite(site, { port: 0 });
    const port = Number(new URL(url).port);
    try {
      await fc.assert(
        fc.asyncProperty(path, async (p) => {
          const answer = await get(port, p);
          if (answer) {
            expect(answer.status, p).not.toBe(-1); // connection dropped: the server died
            expect(answer.status, p).toBeLessThan(500);
            expect(answer.body, p).not.toContain(SECRET);
          }
          expect(await get(port, "/"), "still serving after " + p).toEqual({
            status: 200,
            body: "explorer",
          });
        }),
        { numRuns: 400 },
      );
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});
