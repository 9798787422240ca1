import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The site is built from web/ into dist/web/ with relative URLs, so `ottoflow serve` (or any
// static server, or a sub-path) can host it.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: "es" },
  logLevel: "warn",
});
