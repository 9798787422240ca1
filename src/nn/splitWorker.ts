/**
 * A helper thread of nn/splitNet.ts: it keeps copies of the networks it is given and runs
 * their passes on the rows posted to it, synchronously, as the poster waits. Requests come
 * through the control array (Atomics), new networks and buffers through the port, read
 * synchronously; every failure is reported back, never thrown past the loop, since the
 * poster is blocked and would otherwise wait for nothing.
 */
import { type MessagePort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { arena, setKernelBuild } from "./arena.js";
import { type Net, loadParameters } from "./net.js";
import { Flag, type Layout, type NetRecipe, Op, Slot, layout, netOf } from "./splitProtocol.js";

interface Copy {
  net: Net;
  data: Float64Array;
  parameters: number;
  layout: Layout;
}

/** A message on the port: a network to keep (or its larger buffer). */
export interface NetMessage {
  id: number;
  recipe: NetRecipe;
  buffer: SharedArrayBuffer;
  capacity: number;
}

const { control, port } = workerData as { control: SharedArrayBuffer; port: MessagePort };
const c = new Int32Array(control);
const copies = new Map<number, Copy>();

function receive(): void {
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    const { id, recipe, buffer, capacity } = m.message as NetMessage;
    let net = copies.get(id)?.net;
    if (!net) {
      setKernelBuild(recipe.build);
      const built = arena(recipe.precision).build;
      if (built !== recipe.build)
        throw new Error(
          `this thread's kernels are the ${built} build, the network's ${recipe.build}`,
        );
      net = netOf(recipe);
    }
    const parameters = net.parameters().reduce((s, t) => s + t.length, 0);
    const data = new Float64Array(buffer);
    copies.set(id, {
      net,
      data,
      parameters,
      layout: layout(parameters, net.inDim, net.outDim, capacity),
    });
  }
}

function run(): void {
  const copy = copies.get(c[Slot.net]);
  if (!copy) throw new Error(`no network ${c[Slot.net]} on this thread`);
  const { net, data, parameters, layout: at } = copy;
  const [rows, flags] = [c[Slot.rows], c[Slot.flags]];
  const [inSize, outSize] = [rows * net.inDim, rows * net.outDim];
  if (flags & Flag.load) loadParameters([net], data.subarray(at.params, at.params + parameters));
  if (c[Slot.op] === Op.forward) {
    const out = data.subarray(at.output, at.output + outSize);
    const y = net.forward(data.subarray(at.input, at.input + inSize), rows, out);
    if (y !== out) out.set(y);
    return;
  }
  const grads = flags & Flag.grads ? net.zeroGradients() : undefined;
  const gIn = data.subarray(at.gIn, at.gIn + inSize);
  const input = (flags & Flag.input) !== 0;
  const g = net.backward(data.subarray(at.dOut, at.dOut + outSize), grads, input, { out: gIn });
  if (input && g !== gIn) gIn.set(g);
  if (grads) {
    let k = at.grads;
    for (const t of grads.tensors()) {
      data.set(t, k);
      k += t.length;
    }
  }
}

for (let seen = 0; ;) {
  while (Atomics.load(c, Slot.request) === seen) Atomics.wait(c, Slot.request, seen);
  seen = Atomics.load(c, Slot.request);
  if (c[Slot.op] === Op.close) break;
  try {
    receive();
    run();
    c[Slot.status] = 0;
  } catch (e) {
    c[Slot.status] = 1;
    port.postMessage(e instanceof Error ? e.message : String(e));
  }
  Atomics.store(c, Slot.done, seen);
  Atomics.notify(c, Slot.done);
}
