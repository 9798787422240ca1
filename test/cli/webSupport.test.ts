/**
 * The CLI side of the web explorer: `ottoflow serve` (static files, refusals) and the run
 * archive the explorer exports, reopened by `ottoflow show RUN.zip`.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { resolveRunConfig } from "../../src/config/runConfig.js";
import { serveSite } from "../../src/cli/serve.js";
import { runExperiment } from "../../src/config/run.js";
import { decodeNpy } from "../../src/io/npy.js";
import { runFiles, unzipRun, zipRun } from "../../src/io/runArchive.js";
import { runCommand, tempDir } from "../helpers.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "ottoflow.js");
const ottoflow = (...args: string[]) => runCommand(process.execPath, [BIN, ...args]);

/** A raw request (no URL normalisation, so "../" reaches the server as sent). */
const get = (
  url: string,
  path: string,
  method = "GET",
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    request({ hostname, port, path, method, headers }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on("error", reject)
      .end();
  });

describe("ottoflow serve", () => {
  it("serves the site's files on loopback and nothing outside it", async () => {
    const root = tempDir();
    const site = join(root, "site");
    mkdirSync(join(site, "assets"), { recursive: true });
    writeFileSync(join(site, "index.html"), "<title>explorer</title>");
    writeFileSync(join(site, "assets", "a.js"), "export {}");
    writeFileSync(join(root, "secret.txt"), "secret");
    const { server, url } = await serveSite(site, { port: 0 });
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(await get(url, "/")).toEqual({ status: 200, body: "<title>explorer</title>" });
      expect((await get(url, "/assets/a.js")).status).toBe(200);
      expect((await get(url, "/missing.js")).status).toBe(404);
      const escape = await get(url, "/../secret.txt");
      expect(escape.body).not.toBe("secret");
      expect((await get(url, "/%2e%2e/secret.txt")).body).not.toBe("secret");
      expect((await get(url, "/%E0%A4%A")).status).toBe(400);
      expect((await get(url, "/")).status).toBe(200); // still serving
      for (const method of ["POST", "PUT", "DELETE", "PATCH"])
        expect((await get(url, "/", method)).status, method).toBe(405);
      expect(await get(url, "/", "HEAD")).toEqual({ status: 200, body: "" });
      // DNS rebinding: a foreign name resolved to 127.0.0.1 is refused; loopback names are not
      expect((await get(url, "/", "GET", { host: "evil.example:4173" })).status).toBe(421);
      expect((await get(url, "/", "GET", { host: `localhost:${new URL(url).port}` })).status).toBe(
        200,
      );
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it("serves the guide under /guide/ when given one", async () => {
    const root = tempDir();
    mkdirSync(join(root, "site"));
    mkdirSync(join(root, "guide", "documents"), { recursive: true });
    writeFileSync(join(root, "site", "index.html"), "explorer");
    writeFileSync(join(root, "guide", "index.html"), "guide");
    writeFileSync(join(root, "guide", "documents", "JKO.html"), "jko");
    const { server, url } = await serveSite(join(root, "site"), {
      port: 0,
      guide: join(root, "guide"),
    });
    try {
      expect((await get(url, "/")).body).toBe("explorer");
      expect((await get(url, "/guide/")).body).toBe("guide");
      expect((await get(url, "/guide/documents/JKO.html")).body).toBe("jko");
      expect((await get(url, "/guide/../site/index.html")).status).not.toBe(500);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it("says how to build the site when it is missing", async () => {
    await expect(serveSite(tempDir())).rejects.toThrow(/npm run build:web/);
  });
});

describe("run archives (the explorer's export)", () => {
  it("round-trip: a zipped run reopens with `ottoflow show`, snapshots and report included", async () => {
    // oracle: the files written by runFiles are read back bit for bit (npy decode), and the
    // CLI treats the unpacked folder as a run directory (summary, report, exit 0).
    const config = resolveRunConfig("interaction-kernels", [
      "n=40",
      "until=0.5",
      "save_every=0.25",
    ]);
    const { result, record, summary } = await runExperiment(config);
    const files = runFiles({
      record,
      summary,
      history: result.history,
      snapshots: result.snapshots,
    });
    const dir = tempDir();
    const zip = join(dir, "export.zip");
    writeFileSync(zip, zipRun("ottoflow-interaction-A", files));
    // an interrupted run of the same name beside the archive is not the archive's to touch
    const partial = join(dir, "ottoflow-interaction-A.partial");
    mkdirSync(partial);
    writeFileSync(join(partial, "checkpoint.bin"), "resumable");
    const r = await ottoflow("show", zip);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const run = join(dir, "ottoflow-interaction-A");
    expect(r.stdout).toContain(`${run}: interaction-kernels (interaction-ode), seed 0`);
    expect(existsSync(join(run, "report.html"))).toBe(true);
    const index = JSON.parse(readFileSync(join(run, "snapshots", "index.json"), "utf8"));
    expect(index.map((e: { t: number }) => e.t)).toEqual([0, 0.25, 0.5]);
    const last = decodeNpy(readFileSync(join(run, "snapshots", index[2].file)));
    const final = result.snapshots[2].measure as { x: Float64Array };
    expect(Array.from(last.data)).toEqual(Array.from(final.x));
    // Showing it again reuses the unpacked folder.
    expect((await ottoflow("show", zip)).code).toBe(0);
    expect(readFileSync(join(partial, "checkpoint.bin"), "utf8")).toBe("resumable");
    expect(readdirSync(dir).sort()).toEqual([
      "export.zip",
      "ottoflow-interaction-A",
      "ottoflow-interaction-A.partial",
    ]);
  });

  it("the explorer's export holds the CLI's run directory, byte for byte (timings aside)", async () => {
    // oracle: `ottoflow run` on the same configuration; both go through config/run.ts, so
    // run.json, metrics.csv, every snapshot and the summary (events, retries) must agree.
    const sets = ["n=30", "until=0.5", "save_every=0.25"];
    const dir = tempDir();
    const cli = await await ottoflow(
      "run",
      "interaction-kernels",
      ...sets.flatMap((v) => ["--set", v]),
      "--out",
      join(dir, "cli"),
      "--quiet",
    );
    expect(cli.code).toBe(0);
    const { result, record, summary } = await runExperiment(
      resolveRunConfig("interaction-kernels", sets),
    );
    const files = runFiles({
      record,
      summary,
      history: result.history,
      snapshots: result.snapshots,
    });
    const withoutTimings = (bytes: Uint8Array) => {
      const summary = JSON.parse(new TextDecoder().decode(bytes));
      delete summary.timings;
      return summary;
    };
    for (const [name, bytes] of Object.entries(files)) {
      const written = readFileSync(join(dir, "cli", name));
      if (name === "summary.json")
        expect(withoutTimings(bytes), name).toEqual(withoutTimings(written));
      else expect(Buffer.from(bytes).equals(written), name).toBe(true);
    }
  });

  it("refuses archives that are not one run folder, or that escape it", async () => {
    expect(() => unzipRun(new Uint8Array([1, 2, 3]))).toThrow(/not a zip/);
    const loose = zipRun("run", { "summary.json": new Uint8Array(1) });
    expect(() => unzipRun(loose)).toThrow(/not a run/);
    expect(() => zipRun("../up", {})).toThrow(/run name/);
  });

  it("bounds what an archive may unpack to, from its headers, before inflating", async () => {
    const run = { "run.json": strToU8("{}"), "summary.json": strToU8("{}") };
    const bomb = zipRun("run", { ...run, "big.bin": new Uint8Array(4 << 20) }); // 4 MiB of zeros
    expect(bomb.length).toBeLessThan(10_000);
    expect(() => unzipRun(bomb, { maxBytes: 1 << 20 })).toThrow(
      /would unpack to more than 1 MiB \(run\/big\.bin[\s\S]*--max-unpacked/,
    );
    expect(unzipRun(bomb).files["big.bin"].length).toBe(4 << 20);
    const many = zipRun("run", {
      ...run,
      ...Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`, new Uint8Array(1)])),
    });
    expect(() => unzipRun(many, { maxEntries: 20 })).toThrow(/more than 20 files/);
    // a header that under-declares an entry's size: inflating stops at the declared size
    const lying = Buffer.from(bomb);
    for (let i = 0; i + 4 <= lying.length; i++) {
      if (lying.readUInt32LE(i) === 0x02014b50 && lying.readUInt32LE(i + 24) === 4 << 20)
        lying.writeUInt32LE(100, i + 24);
      if (lying.readUInt32LE(i) === 0x04034b50 && lying.readUInt32LE(i + 22) === 4 << 20)
        lying.writeUInt32LE(100, i + 22);
    }
    const read = unzipRun(lying, { maxBytes: 1 << 20 });
    expect(read.files["big.bin"].length).toBe(100);
  });
});
