/**
 * The file layer of the CLI: every node error becomes an IoError that names the file and says
 * what to do. Writes are atomic (a sibling temporary file renamed over the target), and
 * directories are made one level at a time, so that a path under a pseudo file system
 * (`/proc/…`, where node's recursive mkdir never returns) fails at once.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { dirname, resolve } from "node:path";
import { IoError } from "../core/errors.js";

const ADVICE: Record<string, string> = {
  ENOENT: "check the path",
  EACCES: "check the permissions, or choose another path",
  EPERM: "check the permissions, or choose another path",
  EROFS: "the file system is read-only: choose another path",
  ENOSPC: "the disk is full: free space, or write elsewhere",
  EDQUOT: "the disk quota is exhausted: free space, or write elsewhere",
  EISDIR: "it is a directory: name a file",
  ENOTDIR: "a part of the path is a file, not a directory",
  EEXIST: "move it away, or choose another path",
  ENAMETOOLONG: "choose a shorter path",
  EMFILE: "too many open files: close some programs and retry",
  ELOOP: "the path has a symbolic link loop",
};

/** A node file-system error as an IoError naming `path`; other errors pass through. */
export function ioError(e: unknown, path: string, action: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  // only system errors (they carry a syscall), not node's ERR_… argument errors
  if (!code || !(e as NodeJS.ErrnoException).syscall || e instanceof IoError) return e;
  return new IoError(
    path,
    `cannot ${action} ${path} (${code}: ${(e as Error).message.replace(/^[A-Z]+: /, "").split(",")[0]})`,
    ADVICE[code] ?? "check the path and retry",
  );
}

/** Runs `f`, turning node file errors into an IoError that names `path`. */
export function io<T>(path: string, action: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw ioError(e, path, action);
  }
}

/** Makes `path` and its missing parents, one level at a time; refuses a file in the way. */
export function makeDirs(path: string): void {
  if (path === "") throw new IoError(path, "an empty path is not a directory", "name a directory");
  const missing: string[] = [];
  let p = resolve(path);
  while (!existsSync(p)) {
    missing.push(p);
    const parent = dirname(p);
    if (parent === p) break;
    p = parent;
  }
  if (existsSync(p) && !statSync(p).isDirectory())
    throw new IoError(p, `${p} is a file, not a directory`, "choose another path");
  for (const dir of missing.reverse())
    io(dir, "create the directory", () => {
      try {
        mkdirSync(dir);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
    });
}

/** The temporary sibling writeAtomic writes `path` through: the writer's pid names it. */
const tempPath = (path: string): string => `${path}.tmp-${process.pid}`;
const TEMP_NAME = /\.tmp-\d+$/;

/**
 * Removes the temporary siblings that writeAtomic left in `dir` (not below it) when its process
 * was killed mid-write. Only for a directory whose lock the caller holds: no other writer is
 * alive there, so every such file is a leftover of ottoflow's own.
 */
export function removeTempLeftovers(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir))
    if (TEMP_NAME.test(name))
      io(dir, "remove a leftover temporary file", () =>
        rmSync(resolve(dir, name), { force: true }),
      );
}

/** Writes `content` (or the chunks, in order) to `path` through a temporary sibling and a rename. */
export function writeAtomic(
  path: string,
  content: string | Uint8Array | readonly Uint8Array[],
): void {
  makeDirs(dirname(path));
  const tmp = tempPath(path);
  try {
    io(path, "write", () => {
      const fd = openSync(tmp, "w");
      try {
        const chunks =
          typeof content === "string" || content instanceof Uint8Array ? [content] : content;
        for (const c of chunks) {
          const bytes = typeof c === "string" ? Buffer.from(c) : c;
          for (let off = 0; off < bytes.length;)
            off += writeSync(fd, bytes, off, Math.min(bytes.length - off, 1 << 30));
        }
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
    });
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function writeJson(path: string, value: unknown): void {
  writeAtomic(path, JSON.stringify(value, null, 2) + "\n");
}

/** A file's bytes; an IoError naming it when it is missing, a directory or unreadable. */
export function readBytes(path: string): Buffer {
  return io(path, "read", () => readFileSync(path));
}

/** A JSON file, parsed; an IoError naming it when it cannot be read or is not JSON. */
export function readJson<T = unknown>(path: string): T {
  const text = io(path, "read", () => readFileSync(path, "utf8"));
  try {
    return JSON.parse(text.replace(/^\uFEFF/, "")) as T;
  } catch (e) {
    throw new IoError(
      path,
      `${path} is not valid JSON (${(e as Error).message}); it is truncated or was edited`,
      "restore it, or run again",
    );
  }
}
