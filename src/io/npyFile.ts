/** A .npy file read from disk: every refusal names the file. */
import { ConfigError, IoError } from "../core/errors.js";
import { readBytes } from "./files.js";
import { type NpyArray, decodeNpy } from "./npy.js";

export function readNpyFile(path: string, fix?: string): NpyArray {
  const bytes = readBytes(path);
  try {
    return decodeNpy(bytes);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new IoError(path, `${path}: ${e.reason}`, fix ?? e.fix);
  }
}
