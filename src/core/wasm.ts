/** Instantiates a WebAssembly module embedded as base64 (the build's *.generated.ts files). */
export function instantiateEmbedded<T>(base64: string, what: string): T {
  const bytes =
    typeof Buffer !== "undefined"
      ? Uint8Array.from(Buffer.from(base64, "base64"))
      : Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const module = new WebAssembly.Module(bytes as BufferSource);
  return new WebAssembly.Instance(module, {
    env: {
      abort: () => {
        throw new Error(`${what} aborted`);
      },
    },
  }).exports as unknown as T;
}
