/**
 * Checkpoints in binary, so that a state of any size the parameters allow can be written and
 * read back bit-exact (a JSON string tops out near 512 MB; one million particles in 64
 * dimensions are 512 MB of float64). Layout, little-endian:
 *
 *   "OTTOCKP1"  u32 header length  header (UTF-8 JSON)  zero padding to 8  float64 arrays
 *
 * The header is the checkpoint with each Float64Array replaced by {"__f64": [offset, length]}
 * into the array section (offsets in values, 8-byte aligned), and records the section's size so
 * that a truncated file is named as such instead of resuming from garbage.
 */
import { IoError } from "../core/errors.js";

const MAGIC = "OTTOCKP1";
const TAG = "__f64";

/** The bytes of a checkpoint, as chunks to write in order (no one buffer holds it all). */
export function encodeCheckpoint(value: unknown): Uint8Array[] {
  const arrays: Float64Array[] = [];
  let offset = 0;
  const header = JSON.stringify(value, (_k, v: unknown) => {
    if (!(v instanceof Float64Array)) return v;
    arrays.push(v);
    const ref = { [TAG]: [offset, v.length] };
    offset += v.length;
    return ref;
  });
  const json = Buffer.from(JSON.stringify({ values: offset, body: JSON.parse(header) as unknown }));
  const head = Buffer.alloc(12);
  head.write(MAGIC, 0, "latin1");
  head.writeUInt32LE(json.length, 8);
  const pad = Buffer.alloc((8 - ((12 + json.length) % 8)) % 8);
  return [
    head,
    json,
    pad,
    ...arrays.map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)),
  ];
}

/** Reads what encodeCheckpoint wrote; an IoError naming `path` for anything else. */
export function decodeCheckpoint(bytes: Uint8Array, path: string): unknown {
  const bad = (why: string): IoError =>
    new IoError(path, `${path} is not a readable checkpoint: ${why}`, "start over with --force");
  if (bytes.length < 12 || Buffer.from(bytes.subarray(0, 8)).toString("latin1") !== MAGIC)
    throw bad("it does not start with the checkpoint signature");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(8, true);
  if (12 + jsonLength > bytes.length) throw bad("its header is truncated");
  let parsed: { values?: unknown; body?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(bytes.subarray(12, 12 + jsonLength)).toString("utf8"));
  } catch {
    throw bad("its header is not JSON");
  }
  const values = parsed?.values;
  const start = 12 + jsonLength + ((8 - ((12 + jsonLength) % 8)) % 8);
  if (!Number.isSafeInteger(values) || (values as number) < 0)
    throw bad("its header has no array size");
  if (bytes.length !== start + 8 * (values as number))
    throw bad(
      `it holds ${bytes.length} bytes where ${start + 8 * (values as number)} were written`,
    );
  const copy = (o: number, n: number): Float64Array => {
    const out = new Float64Array(n);
    new Uint8Array(out.buffer).set(bytes.subarray(start + 8 * o, start + 8 * (o + n)));
    return out;
  };
  const revive = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(revive);
    if (!v || typeof v !== "object") return v;
    const ref = (v as Record<string, unknown>)[TAG];
    if (ref !== undefined) {
      const [o, n] = Array.isArray(ref) ? (ref as unknown[]) : [];
      if (
        !Number.isSafeInteger(o) ||
        !Number.isSafeInteger(n) ||
        (o as number) < 0 ||
        (n as number) < 0 ||
        (o as number) + (n as number) > (values as number)
      )
        throw bad("an array reference points outside the file");
      return copy(o as number, n as number);
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== "__proto__") out[k] = revive(x);
    return out;
  };
  return revive(parsed.body);
}
