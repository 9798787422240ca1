/**
 * `ottoflow serve`: the built web explorer (dist/web) over HTTP on the loopback interface,
 * with the guide (dist/docs) under /guide/ when it is built.
 * A small static server is enough: the site is a handful of files and everything runs in
 * the browser. It answers GET and HEAD only (405 otherwise), and only to a loopback Host header
 * (421 otherwise), so that a page elsewhere cannot reach it by rebinding its DNS name.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "../core/errors.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".wasm": "application/wasm",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** dist/web beside the compiled CLI (dist/src/cli → dist/web). */
export function defaultSiteDir(): string {
  return fileURLToPath(new URL("../../web/", import.meta.url));
}

/** dist/docs, the guide built by `npm run docs`, served under /guide/. */
export function defaultGuideDir(): string {
  return fileURLToPath(new URL("../../docs/", import.meta.url));
}

/** Starts serving `root`; resolves once listening, with the address. */
export async function serveSite(
  root: string,
  options: { port?: number; host?: string; guide?: string } = {},
): Promise<{ server: Server; url: string }> {
  const site = resolve(root);
  const guide = options.guide ? resolve(options.guide) : undefined;
  if (!existsSync(join(site, "index.html")))
    throw new ConfigError(
      `the web explorer is not built (no ${join(site, "index.html")})`,
      "run `npm run build:web` first",
    );
  const host = options.host ?? "127.0.0.1";
  const hosts = new Set(["localhost", "127.0.0.1", "[::1]", host]);
  const server = createServer((req, res) => {
    // Only reading: a static site has nothing to post, put or delete.
    if (req.method !== "GET" && req.method !== "HEAD") {
      res
        .writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" })
        .end("method not allowed");
      return;
    }
    // A page on another site that rebinds its DNS name to 127.0.0.1 sends its own name as Host.
    const name = (req.headers.host ?? "").toLowerCase().replace(/:\d+$/, "");
    if (!hosts.has(name)) {
      res
        .writeHead(421, { "content-type": "text/plain" })
        .end("misdirected request: use http://127.0.0.1");
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    } catch {
      res.writeHead(400).end(); // a malformed %-escape
      return;
    }
    let base = site;
    if (guide && (path === "/guide" || path.startsWith("/guide/"))) {
      base = guide;
      path = path.slice("/guide".length) || "/";
    }
    let file = normalize(join(base, path));
    // Never serve outside the site folder.
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": body.length,
      "cache-control": "no-cache",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolveStart, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        e.code === "EADDRINUSE"
          ? new ConfigError(`port ${options.port} is in use`, "pass --port with another number")
          : e,
      ),
    );
    server.listen(options.port ?? 4173, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : options.port;
      resolveStart({ server, url: `http://${host}:${port}/` });
    });
  });
}
