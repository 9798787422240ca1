/**
 * JSON that keeps Float64Arrays bit-exact (base64 of their bytes), for checkpoints:
 * a resumed run must continue from exactly the same numbers.
 */
const TAG = "__float64";

export function toTypedJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v instanceof Float64Array
      ? { [TAG]: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") }
      : v,
  );
}

export function fromTypedJson<T>(text: string): T {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v && typeof v === "object" && TAG in v) {
      const bytes = Buffer.from((v as Record<string, string>)[TAG], "base64");
      const copy = new Uint8Array(bytes); // aligned copy
      return new Float64Array(copy.buffer, 0, copy.byteLength / 8);
    }
    return v;
  }) as T;
}
