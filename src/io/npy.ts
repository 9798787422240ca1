/** NumPy .npy (format 1.0, little-endian float64, C order): readable from numpy, Julia and R. */
import { ConfigError } from "../core/errors.js";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function encodeNpy(data: Float64Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((p, s) => p * s, 1);
  if (count !== data.length)
    throw new ConfigError(`npy: shape [${shape}] needs ${count} values, got ${data.length}`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = 10 + header.length + 1;
  header += " ".repeat((64 - (unpadded % 64)) % 64) + "\n";
  const out = new Uint8Array(10 + header.length + data.length * 8);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const body = new DataView(out.buffer, 10 + header.length);
  for (let i = 0; i < data.length; i++) body.setFloat64(i * 8, data[i], true);
  return out;
}

export interface NpyArray {
  data: Float64Array;
  shape: number[];
}

const SIZES: Record<string, number> = { "<f8": 8, "<f4": 4 };

/** `npy: …` refusals: the caller names the file. */
const bad = (why: string, fix = "save the array again with numpy.save"): ConfigError =>
  new ConfigError(`npy: ${why}`, fix);

/**
 * Reads float64 (or float32, widened) arrays, C or Fortran order (returned in C order), versions
 * 1.0–3.0. Every length is checked against the bytes before anything is read or allocated, so a
 * truncated, padded or garbage file is refused by name, never read out of bounds.
 */
export function decodeNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b))
    throw bad("not a .npy file (bad magic)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major < 1 || major > 3) throw bad(`format version ${major}.${bytes[7]} is not supported`);
  const start = major === 1 ? 10 : 12;
  if (bytes.length < start) throw bad("file is truncated (inside the header)");
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (start + headerLen > bytes.length) throw bad("file is truncated (inside the header)");
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw bad("malformed header");
  const size = SIZES[descr];
  if (!size) throw bad(`dtype ${descr} is not supported`, "save as float64 (arr.astype('<f8'))");
  const parts = shapeText.split(",").map((x) => x.trim());
  if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  if (parts.length === 1 && parts[0] === "") parts.pop();
  if (parts.some((x) => !/^\d{1,15}$/.test(x))) throw bad(`malformed shape (${shapeText})`);
  const shape = parts.map(Number);
  const count = shape.reduce((p, x) => p * x, 1);
  const offset = start + headerLen;
  const need = count * size;
  if (!Number.isSafeInteger(need) || bytes.length < offset + need)
    throw bad(
      `file is truncated: shape [${shape}] needs ${need} bytes of data, it holds ${bytes.length - offset}`,
    );
  if (bytes.length > offset + need)
    throw bad(`file has ${bytes.length - offset - need} bytes after the data of shape [${shape}]`);
  const data = new Float64Array(count);
  if (size === 8) for (let i = 0; i < count; i++) data[i] = view.getFloat64(offset + 8 * i, true);
  else for (let i = 0; i < count; i++) data[i] = view.getFloat32(offset + 4 * i, true);
  return { data: fortran === "True" ? toCOrder(data, shape) : data, shape };
}

/** Reorders column-major (Fortran) data, as numpy writes transposed views, to row-major. */
function toCOrder(data: Float64Array, shape: readonly number[]): Float64Array {
  const out = new Float64Array(data.length);
  const index = new Array<number>(shape.length).fill(0);
  for (let f = 0; f < data.length; f++) {
    let c = 0;
    for (let a = 0; a < shape.length; a++) c = c * shape[a] + index[a];
    out[c] = data[f];
    for (let a = 0; a < shape.length && ++index[a] === shape[a]; a++) index[a] = 0;
  }
  return out;
}
