/**
 * The explorer's page: tabs for the panels, controls bound to the URL (permalinks), a worker
 * that runs the flows, and a render loop that draws the newest frames once per display frame.
 * Timings of control changes and frames are kept in `window.ottoflowStats` for the browser
 * tests and shown under each panel.
 */
import { type Values, renderControls, valueFromUrl } from "./controls.js";
import { panels } from "./panels/index.js";
import type { JobView, Panel, PanelState } from "./panels/types.js";
import type { FromWorker, ToWorker } from "./protocol.js";
import "./style.css";

export interface Stats {
  /** Control change → first frame of the new run drawn, ms. */
  latencies: number[];
  /** performance.now() of every draw that showed new frames. */
  draws: number[];
  /** How long each of those draws took, ms. */
  drawMs: number[];
  /** Runs started, by panel. */
  runs: number;
  /** Runs replaced by a newer one while still computing. */
  cancelled: number;
  /** Jobs the worker reports as stopped by cancellation. */
  cancelledInWorker: number;
  busy: boolean;
  /** performance.now() when each run started and when its last job finished. */
  spans: { start: number; end?: number }[];
}
declare global {
  interface Window {
    ottoflowStats: Stats;
  }
}
const stats: Stats = {
  latencies: [],
  draws: [],
  drawMs: [],
  runs: 0,
  cancelled: 0,
  cancelledInWorker: 0,
  busy: false,
  spans: [],
};
window.ottoflowStats = stats;

const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
const send = (m: ToWorker): void => worker.postMessage(m);

let panel: Panel = panels[0];
let values: Values = {};
let runId = 0;
let jobs = new Map<string, JobView>();
let distance: PanelState["distance"];
let changedAt: number | undefined;
/** Whether a frame of the current run has arrived (latency counts only those). */
let sawNew = false;
let dirty = false;
let active = new Set<string>();

const $ = <T extends HTMLElement>(sel: string): T => document.querySelector(sel) as T;

function readUrl(): void {
  const params = new URLSearchParams(location.search);
  panel = panels.find((p) => p.id === params.get("panel")) ?? panels[0];
  values = Object.fromEntries(panel.controls.map((c) => [c.name, valueFromUrl(c, params)]));
}

function writeUrl(): void {
  const params = new URLSearchParams({ panel: panel.id });
  for (const [k, v] of Object.entries(values)) params.set(k, String(v));
  history.replaceState(null, "", `?${params}`);
  $<HTMLAnchorElement>("#permalink").href = location.href;
}

/** Starts the panel's flows; a time control that only grew continues the runs. */
function start(at?: number): void {
  if (active.size > 0) stats.cancelled++;
  runId++;
  stats.runs++;
  changedAt = at;
  sawNew = false;
  distance = undefined;
  const specs = panel.jobs(values);
  active = new Set(specs.map((s) => s.name));
  stats.busy = true;
  stats.spans.push({ start: at ?? performance.now() });
  setStatus("running…");
  send({ type: "run", runId, jobs: specs });
}

function setStatus(text: string): void {
  $("#status").textContent = text;
}

function onMessage(m: FromWorker): void {
  if (m.type === "zip") {
    const url = URL.createObjectURL(new Blob([m.bytes as BlobPart], { type: "application/zip" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${m.name}.zip`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return;
  }
  if (m.type === "done" && m.status === "cancelled") stats.cancelledInWorker++;
  if (m.runId !== runId) return; // a superseded run
  if (m.type === "distance") {
    distance = m;
    dirty = true;
    return;
  }
  const view = jobs.get(m.job) ?? { frames: [], snapshots: [] };
  jobs.set(m.job, view);
  if (m.type === "start") {
    if (!m.resumed) {
      view.frames = [];
      view.snapshots = [];
    }
    Object.assign(view, {
      until: m.until,
      scheme: m.scheme,
      problem: m.problem,
      reference: m.reference,
      status: undefined,
      advice: undefined,
      error: undefined,
    });
  } else if (m.type === "frame") {
    view.frames.push(m);
    dirty = sawNew = true;
  } else if (m.type === "snapshot") {
    view.snapshots.push(m);
    dirty = sawNew = true;
  } else {
    if (m.type === "done") Object.assign(view, { status: m.status, advice: m.advice });
    else view.error = m.advice ? `${m.message} — ${m.advice}` : m.message;
    active.delete(m.job);
    dirty = true;
    if (active.size === 0) finished();
  }
}

function finished(): void {
  stats.busy = false;
  const span = stats.spans.at(-1);
  if (span) span.end = performance.now();
  const lines = [...jobs.entries()].map(([name, v]) =>
    v.error
      ? `${name}: ${v.error}`
      : `${name}: ${v.status}${v.advice ? ` — ${v.advice}` : ""} (t = ${(v.frames.at(-1) ?? v.snapshots.at(-1))?.t.toPrecision(3)})`,
  );
  setStatus(lines.join("\n"));
  if (panel.id === "playground" && [...jobs.values()].every((v) => v.status && !v.error))
    send({ type: "distance", runId, a: "A", b: "B" });
}

worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
worker.onerror = (e) => setStatus(`worker failed: ${e.message}`);

function draw(): void {
  requestAnimationFrame(draw);
  if (!dirty) return;
  dirty = false;
  const t0 = performance.now();
  const figures = panel.draw({ values, jobs, distance });
  $("#figures").replaceChildren(...figures);
  const now = performance.now();
  stats.draws.push(now);
  stats.drawMs.push(now - t0);
  if (changedAt !== undefined && sawNew) {
    const latency = now - changedAt;
    stats.latencies.push(latency);
    $("#timing").textContent = `first frame ${latency.toFixed(0)} ms after the change`;
    changedAt = undefined;
  }
}

function showPanel(p: Panel, at?: number): void {
  panel = p;
  const params = new URLSearchParams();
  values = Object.fromEntries(p.controls.map((c) => [c.name, valueFromUrl(c, params)]));
  mount(at);
}

function mount(at?: number): void {
  for (const tab of document.querySelectorAll<HTMLButtonElement>("nav [role=tab]")) {
    const selected = tab.dataset.panel === panel.id;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  $("#panel-title").textContent = panel.title;
  $("#panel-lead").textContent = panel.lead;
  $<HTMLAnchorElement>("#guide").href = `./guide/${panel.guide}`;
  renderControls($("#controls"), panel.controls, values, panel.id, (name, value, when) => {
    values[name] = value;
    writeUrl();
    start(when);
  });
  const actions = $("#actions");
  actions.replaceChildren(
    ...(panel.actions ?? []).map(({ label, job }) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.addEventListener("click", () =>
        send({ type: "export", runId, job, name: `ottoflow-${panel.id}-${job}` }),
      );
      return b;
    }),
  );
  jobs = new Map();
  $("#figures").replaceChildren();
  writeUrl();
  start(at);
}

function buildNav(): void {
  const nav = $("#tabs");
  nav.replaceChildren(
    ...panels.map((p, k) => {
      const b = document.createElement("button");
      b.type = "button";
      b.setAttribute("role", "tab");
      b.dataset.panel = p.id;
      b.id = `tab-${p.id}`;
      b.setAttribute("aria-controls", "panel");
      b.textContent = `${k < 7 ? `${k + 1}. ` : ""}${p.title}`;
      b.addEventListener("click", (e) => showPanel(p, e.timeStamp));
      b.addEventListener("keydown", (e) => {
        const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
        if (!step) return;
        const next = panels[(k + step + panels.length) % panels.length];
        showPanel(next, e.timeStamp);
        document.getElementById(`tab-${next.id}`)?.focus();
      });
      return b;
    }),
  );
}

buildNav();
readUrl();
mount(performance.now());
requestAnimationFrame(draw);
