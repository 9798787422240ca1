/**
 * A network whose passes run over several threads (data parallelism): the batch's rows are
 * cut into consecutive chunks, this thread runs the first on the network itself and each
 * helper thread (nn/splitWorker.ts) one of the others on its copy, at the same time, and this
 * thread waits for them, then gathers the outputs and input gradients and adds each helper's
 * parameter gradients to its own. Chunks start at multiples of four rows, where the kernels'
 * row blocks start on one thread too, so every row's output and input gradient is the one
 * thread's, bit for bit; the parameter gradients are the same sums in another order (the
 * chunks' sums, then added), so they agree to the rounding of that order.
 *
 * The helpers are started on first use, one per extra thread, shared by every split network
 * of the process, and let the process exit. A request waits synchronously (Atomics), so a
 * split network is a drop-in `Net` for the synchronous training loop. Parameters are sent
 * to the helpers only after they may have changed: after `parameters()` handed out views or
 * an optimiser step called `project()`.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  MessageChannel,
  type MessagePort,
  Worker,
  receiveMessageOnPort,
} from "node:worker_threads";
import { ConfigError, NumericalError } from "../core/errors.js";
import type { Floats } from "./arena.js";
import type { BackwardOptions, Net, ParameterGradients } from "./net.js";
import {
  CONTROL_SLOTS,
  Flag,
  type Layout,
  type NetRecipe,
  Op,
  Slot,
  layout,
  recipeOf,
} from "./splitProtocol.js";
import type { NetMessage } from "./splitWorker.js";
import { provideNetSplitter } from "./threads.js";

/** How long a request may take before its helper is taken for dead. */
const ANSWER_WITHIN_MS = 120_000;
/** Rows per kernel block: chunks start at multiples of it. */
const ROW_BLOCK = 4;
const none = new Float64Array(0);

/** One helper thread and its control array. */
class Helper {
  readonly control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_SLOTS));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private posted = 0;
  private exited = false;

  constructor(file: URL) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(file, {
      workerData: { control: this.control.buffer, port: port2 },
      transferList: [port2],
    });
    this.worker.on("exit", () => (this.exited = true));
    this.worker.on("error", () => (this.exited = true));
    this.worker.unref();
    this.port.unref();
  }

  send(message: NetMessage): void {
    this.port.postMessage(message);
  }

  /** Posts a request; `wait()` then waits for it. */
  post(op: number, net: number, rows: number, flags: number): void {
    if (this.exited)
      throw new NumericalError(
        "a helper thread of the split network has stopped",
        "run with --set scheme.workers=1",
      );
    const c = this.control;
    c[Slot.op] = op;
    c[Slot.net] = net;
    c[Slot.rows] = rows;
    c[Slot.flags] = flags;
    Atomics.store(c, Slot.request, ++this.posted);
    Atomics.notify(c, Slot.request);
  }

  wait(): void {
    const c = this.control;
    const until = performance.now() + ANSWER_WITHIN_MS;
    while (Atomics.load(c, Slot.done) !== this.posted) {
      const left = until - performance.now();
      if (left <= 0 || Atomics.wait(c, Slot.done, this.posted - 1, left) === "timed-out")
        throw new NumericalError(
          `a helper thread of the split network did not answer within ${ANSWER_WITHIN_MS / 1000} s`,
          "run with --set scheme.workers=1",
        );
    }
    if (c[Slot.status] !== 0) {
      const reply = receiveMessageOnPort(this.port);
      throw new NumericalError(
        `a helper thread of the split network failed: ${String(reply?.message ?? "no message")}`,
        "run with --set scheme.workers=1",
      );
    }
  }

  async close(): Promise<void> {
    if (!this.exited) this.post(Op.close, 0, 0, 0);
    await this.worker.terminate();
  }
}

let helpers: Helper[] = [];
let nextNet = 0;

/** The worker's module: built next to this file, or (from sources under tsx or vitest) in dist/. */
function workerFile(): URL {
  const here = new URL("./splitWorker.js", import.meta.url);
  const built = new URL("../../dist/src/nn/splitWorker.js", import.meta.url);
  const file = existsSync(fileURLToPath(here)) ? here : built;
  if (!existsSync(fileURLToPath(file)))
    throw new ConfigError("the split network's worker is not built", "run npm run build");
  return file;
}

function helperThreads(count: number): Helper[] {
  while (helpers.length < count) helpers.push(new Helper(workerFile()));
  return helpers.slice(0, count);
}

/** Stops the helper threads (a later split network starts new ones). */
export async function closeNetThreads(): Promise<void> {
  const stopping = helpers;
  helpers = [];
  await Promise.all(stopping.map((h) => h.close()));
}

/** Chunk boundaries of `batch` rows over `threads` threads, at multiples of ROW_BLOCK. */
export function chunkBounds(batch: number, threads: number): number[] {
  const blocks = Math.floor(batch / ROW_BLOCK);
  return Array.from({ length: threads + 1 }, (_, k) =>
    k === threads ? batch : ROW_BLOCK * Math.floor((blocks * k) / threads),
  );
}

/** A helper's part of one network: its shared buffer and where the regions lie in it. */
interface Share {
  helper: Helper;
  data: Float64Array;
  layout: Layout;
  capacity: number;
}

export class SplitNet implements Net {
  readonly inDim: number;
  readonly outDim: number;
  private readonly id = nextNet++;
  private readonly recipe: NetRecipe;
  private readonly shares: Share[];
  private readonly size: number;
  /** The last forward pass's batch, the rows this thread took, and each helper's chunk. */
  private pass?: {
    batch: number;
    own: number;
    parts: { share: Share; from: number; to: number }[];
  };
  /** Whether the helpers' parameters may differ from the network's. */
  private stale = true;

  constructor(
    readonly local: Net,
    readonly threads: number,
  ) {
    if (!(Number.isInteger(threads) && threads >= 2))
      throw new ConfigError(`a split network needs ≥ 2 threads, got ${threads}`);
    this.recipe = recipeOf(local);
    this.inDim = local.inDim;
    this.outDim = local.outDim;
    this.size = local.parameters().reduce((s, t) => s + t.length, 0);
    this.shares = helperThreads(threads - 1).map((helper) => ({
      helper,
      data: none,
      layout: layout(this.size, this.inDim, this.outDim, 0),
      capacity: -1,
    }));
  }

  get precision() {
    return this.local.precision;
  }

  /** Sends the helper a buffer for `rows` rows when its own is smaller. */
  private reserve(share: Share, rows: number): void {
    if (share.capacity >= rows) return;
    const capacity = Math.max(rows, 2 * share.capacity);
    const at = layout(this.size, this.inDim, this.outDim, capacity);
    const buffer = new SharedArrayBuffer(8 * at.size);
    share.data = new Float64Array(buffer);
    share.layout = at;
    share.capacity = capacity;
    share.helper.send({ id: this.id, recipe: this.recipe, buffer, capacity });
    this.stale = true; // a new buffer holds no parameters yet
  }

  /** Writes the parameters into every share when they may have changed; the flag to load them. */
  private sync(): number {
    if (!this.stale) return 0;
    const tensors = this.local.parameters();
    for (const share of this.shares) {
      let k = share.layout.params;
      for (const t of tensors) {
        share.data.set(t, k);
        k += t.length;
      }
    }
    this.stale = false;
    return Flag.load;
  }

  forward(x: Float64Array, batch: number, out?: Float64Array): Float64Array {
    const [n, m] = [this.inDim, this.outDim];
    if (x.length !== batch * n)
      throw new ConfigError(`network input has ${x.length} values, expected ${batch}×${n}`);
    const y = out ?? new Float64Array(batch * m);
    if (y.length !== batch * m)
      throw new ConfigError(`network output array has ${y.length} values, expected ${batch}×${m}`);
    const bounds = chunkBounds(batch, this.threads);
    const parts = this.shares
      .map((share, i) => ({ share, from: bounds[i + 1], to: bounds[i + 2] }))
      .filter(({ from, to }) => to > from);
    const own = bounds[1];
    this.pass = { batch, own, parts };
    // every helper holds the network and its parameters, an empty chunk's too
    this.shares.forEach((share, i) => this.reserve(share, bounds[i + 2] - bounds[i + 1]));
    const load = this.sync();
    for (const { share, from, to } of parts) {
      share.data.set(x.subarray(from * n, to * n), share.layout.input);
      share.helper.post(Op.forward, this.id, to - from, load);
    }
    if (own > 0) {
      const mine = y.subarray(0, own * m);
      const v = this.local.forward(x.subarray(0, own * n), own, mine);
      if (v !== mine) mine.set(v);
    }
    for (const { share, from, to } of parts) {
      share.helper.wait();
      const at = share.layout.output;
      y.set(share.data.subarray(at, at + (to - from) * m), from * m);
    }
    return y;
  }

  backward(
    dOut: Float64Array,
    grads?: ParameterGradients,
    inputGradient = true,
    options: BackwardOptions = {},
  ): Float64Array {
    if (!this.pass) throw new ConfigError("backward needs a forward pass first");
    const { batch, own, parts } = this.pass;
    const [n, m] = [this.inDim, this.outDim];
    if (dOut.length !== batch * m)
      throw new ConfigError(`backward: expected ${batch}×${m} values, got ${dOut.length}`);
    if (options.segment !== undefined && options.segment !== batch)
      throw new ConfigError("a split network adds its gradients chunk by chunk, not by segments");
    const g = inputGradient ? (options.out ?? new Float64Array(batch * n)) : none;
    if (inputGradient && g.length !== batch * n)
      throw new ConfigError(`input-gradient array has ${g.length} values, expected ${batch}×${n}`);
    const flags = this.sync() | (grads ? Flag.grads : 0) | (inputGradient ? Flag.input : 0);
    for (const { share, from, to } of parts) {
      share.data.set(dOut.subarray(from * m, to * m), share.layout.dOut);
      share.helper.post(Op.backward, this.id, to - from, flags);
    }
    if (own > 0) {
      const mine = g.subarray(0, inputGradient ? own * n : 0);
      const v = this.local.backward(
        dOut.subarray(0, own * m),
        grads,
        inputGradient,
        inputGradient ? { out: mine } : {},
      );
      if (inputGradient && v !== mine) mine.set(v);
    }
    const tensors: Floats[] = grads ? grads.tensors() : [];
    for (const { share, from, to } of parts) {
      share.helper.wait();
      let k = share.layout.grads;
      for (const t of tensors) {
        for (let j = 0; j < t.length; j++) t[j] += share.data[k + j];
        k += t.length;
      }
      if (inputGradient) {
        const at = share.layout.gIn;
        g.set(share.data.subarray(at, at + (to - from) * n), from * n);
      }
    }
    return g;
  }

  zeroGradients(): ParameterGradients {
    return this.local.zeroGradients();
  }

  parameters(): Floats[] {
    this.stale = true; // the caller may write through these views
    return this.local.parameters();
  }

  project(): void {
    this.local.project?.();
    this.stale = true;
  }
}

provideNetSplitter((net, threads) => new SplitNet(net, threads));
