/**
 * Networks on more than one thread, where the runtime has threads to give. The split itself
 * (nn/splitNet.ts) needs Node's worker_threads, which the explorer's bundle must not import:
 * it registers itself here when loaded (the library's Node entry and the CLI load it), and
 * the schemes ask here, so the same scheme code runs in the browser on one thread.
 */
import { ConfigError } from "../core/errors.js";
import type { Net } from "./net.js";

/** Wraps a network so that its passes run over `threads` threads. */
export type NetSplitter = (net: Net, threads: number) => Net;

let splitter: NetSplitter | null = null;

export function provideNetSplitter(s: NetSplitter): void {
  splitter = s;
}

/** A ConfigError unless networks can run on `threads` threads here. */
export function checkThreads(threads: number): void {
  if (threads > 1 && !splitter)
    throw new ConfigError(
      `${threads} workers need Node's worker threads, and none were loaded here`,
      "use --set scheme.workers=1 (in the browser the explorer runs one thread)",
    );
}

/** `net` itself on one thread; on more, the registered split (a ConfigError without one). */
export function onThreads(net: Net, threads: number): Net {
  if (threads === 1) return net;
  checkThreads(threads);
  return (splitter as NetSplitter)(net, threads);
}
