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

/** Reads float64 (or float32, widened) arrays, C or Fortran order (returned in C order), versions 1.0–3.0. */
export function decodeNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b))
    throw new ConfigError("not a .npy file (bad magic)", "save the array with numpy.save");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new ConfigError("npy: malformed header");
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const count = shape.reduce((p, s) => p * s, 1);
  const offset = start + headerLen;
  const data = new Float64Array(count);
  if (descr === "<f8")
    for (let i = 0; i < count; i++) data[i] = view.getFloat64(offset + 8 * i, true);
  else if (descr === "<f4")
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(offset + 4 * i, true);
  else
    throw new ConfigError(
      `npy: dtype ${descr} is not supported`,
      "save as float64 (arr.astype('<f8'))",
    );
  if (bytes.length < offset + count * (descr === "<f8" ? 8 : 4))
    throw new ConfigError("npy: file is truncated");
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
