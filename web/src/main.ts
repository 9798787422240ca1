/**
 * The explorer's page: tabs for the panels, controls bound to the URL (permalinks), a worker
 * that runs the flows, a transport (play / pause / reset and a time that scrubs over computed
 * frames), and a render loop that draws once per display frame when something changed.
 * Timings of control changes and frames are kept in `window.ottoflowStats` for the browser
 * tests and the benchmark.
 */
import katex from "katex";
import "katex/dist/katex.min.css";
import { type Values, renderControls, valueFromUrl } from "./controls.js";
import { setFiguresWidth } from "./draw.js";
import { panels } from "./panels/index.js";
import type { JobView, Panel, PanelState } from "./panels/types.js";
import type { FromWorker, ToWorker } from "./protocol.js";
import { type LayeredFigure, buildsDeferred, startFrame } from "./layer.js";
import {
  asOf,
  computedUntil,
  distanceAsOf,
  requestedUntil,
  timeControl,
  timeOfControl,
} from "./timeline.js";
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
  /** Frames and snapshots received from the worker, over the page's life. */
  received: number;
  /** The time asked to be shown (undefined: the newest). */
  viewT?: number;
  /** The newest time computed, as of the last draw. */
  computedT: number;
  paused: boolean;
  /** Figures still showing a previous static layer, to be built at the next frames. */
  deferred: boolean;
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
  received: 0,
  computedT: 0,
  paused: false,
  deferred: false,
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
/** The time shown; undefined follows the newest frame. */
let viewT: number | undefined;
let paused = false;
/** A replay of a finished run's frames: the animation's start (performance.now()). */
let replayFrom: number | undefined;
const REPLAY_MS = 4000;

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

/**
 * Starts the panel's flows. A time control that only grew continues the runs (the panel's
 * jobs say `extend`); `resume` continues every job from its last checkpoint (after a pause).
 */
function start(at?: number, resume = false): void {
  if (active.size > 0) stats.cancelled++;
  runId++;
  stats.runs++;
  changedAt = at;
  sawNew = false;
  distance = undefined;
  setPaused(false);
  replayFrom = undefined;
  const specs = panel.jobs(values).map((spec) => (resume ? { ...spec, extend: true } : spec));
  active = new Set(specs.map((s) => s.name));
  stats.busy = true;
  stats.spans.push({ start: at ?? performance.now() });
  setStatus("computing…");
  updateTransport();
  send({ type: "run", runId, jobs: specs });
}

function setStatus(text: string): void {
  $("#status").textContent = text;
}

function setPaused(p: boolean): void {
  paused = stats.paused = p;
}

function setView(t: number | undefined): void {
  viewT = stats.viewT = t;
  dirty = true;
}

const fmtT = (t: number): string => String(Number(t.toPrecision(3)));

/** Play, pause, replay: one button whose label says what it will do. */
function togglePlay(): void {
  if (active.size > 0) {
    setPaused(true);
    send({ type: "cancel", runId });
  } else if (paused) start(performance.now(), true);
  else {
    // A finished run: play its computed frames again from t = 0.
    replayFrom = performance.now();
    setView(0);
  }
  updateTransport();
}

/** Back to the panel's defaults, from t = 0. */
function reset(): void {
  values = Object.fromEntries(panel.controls.map((c) => [c.name, c.value]));
  setView(undefined);
  mount(performance.now());
}

/** The transport's state: its button, the scrubber (panels without a time control) and status. */
function updateTransport(): void {
  const play = $<HTMLButtonElement>("#play");
  const running = active.size > 0;
  play.textContent = running ? "Pause" : paused ? "Continue" : "Replay";
  play.setAttribute(
    "aria-label",
    running ? "pause the run" : paused ? "continue the run" : "replay the run from t = 0",
  );
  for (const b of document.querySelectorAll<HTMLButtonElement>("#actions button")) {
    b.disabled = running;
    b.title = running ? "available when the run ends or is paused" : "";
  }
  const scrub = $<HTMLInputElement>("#scrub");
  const horizon = requestedUntil(jobs);
  const computed = computedUntil(jobs);
  const shown = viewT === undefined ? computed : Math.min(viewT, computed);
  if (!timeControl(panel) && horizon > 0) {
    scrub.max = String(horizon);
    scrub.step = String(horizon / 200);
    scrub.value = String(shown);
  }
  $("#scrub-output").textContent = `t = ${fmtT(shown)} of ${fmtT(horizon)}`;
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
  const view = jobs.get(m.job) ?? { frames: [], snapshots: [], densities: [] };
  jobs.set(m.job, view);
  if (m.type === "start") {
    // A continued run starts again from its last checkpoint: later frames are computed anew.
    view.frames = view.frames.filter((f) => m.resumed && f.step <= m.fromStep);
    view.snapshots = view.snapshots.filter((f) => m.resumed && f.step <= m.fromStep);
    view.densities = view.densities.filter((f) => m.resumed && f.step <= m.fromStep);
    Object.assign(view, {
      until: m.until,
      scheme: m.scheme,
      problem: m.problem,
      reference: m.reference,
      referenceDensity: m.referenceDensity,
      status: undefined,
      advice: undefined,
      error: undefined,
    });
  } else if (m.type === "frame") {
    view.frames.push(m);
    stats.received++;
    dirty = sawNew = true;
  } else if (m.type === "snapshot") {
    view.snapshots.push(m);
    // The frames up to a snapshot are kept no longer (the newest stays on screen): a time
    // scrubbed back shows the snapshots, and a long run's memory stays bounded.
    const newest = view.frames.at(-1);
    view.frames = view.frames.filter((f) => f.t > m.t || f === newest);
    stats.received++;
    dirty = sawNew = true;
  } else if (m.type === "density") {
    view.densities.push(m);
    stats.received++;
    dirty = true;
  } else {
    if (m.type === "done") Object.assign(view, { status: m.status, advice: m.advice });
    else view.error = m.advice ? `${m.message} — ${m.advice}` : m.message;
    active.delete(m.job);
    dirty = true;
    if (active.size === 0) finished();
  }
}

/** What a job's status means to a reader. */
const STATUS_WORDS: Record<string, string> = {
  ok: "finished",
  cancelled: "paused",
  unstable: "stopped: unstable",
  inaccurate: "finished, but inaccurate",
  diverged: "stopped: diverged",
};

/**
 * Advice written for the command line, in the page's terms: a parameter becomes the control
 * that sets it (by its label), and a flag with no control here is left out.
 */
function inPageTerms(advice: string): string {
  let text = advice.replace(/,? ?(continue it )?with --resume/g, "");
  for (const c of panel.controls) {
    const label = `“${c.label}”`;
    text = text.replace(new RegExp(`--set ${c.name}=\\S+`, "g"), label);
    if (c.name.length >= 2) text = text.replace(new RegExp(`\\b${c.name}\\b`, "g"), label);
  }
  return text.replace(/--set \S+/g, "the settings").replace(/--\w[\w-]*/g, "the settings");
}

function finished(): void {
  stats.busy = false;
  const span = stats.spans.at(-1);
  if (span) span.end = performance.now();
  const many = jobs.size > 1;
  const lines = [...jobs.entries()].map(([name, v]) => {
    const t = (v.frames.at(-1) ?? v.snapshots.at(-1))?.t;
    const who = many ? `${name}: ` : "";
    if (v.error) return `${who}could not run — ${v.error}`;
    const what = STATUS_WORDS[v.status ?? ""] ?? v.status;
    // A pause needs no advice: the button says how to continue.
    const advice = v.status === "cancelled" || !v.advice ? "" : ` — ${inPageTerms(v.advice)}`;
    return `${who}${what} at t = ${t === undefined ? "0" : fmtT(t)}${advice}`;
  });
  // Jobs that ended alike say it once.
  const alike = lines.map((l) => l.replace(/^[^:]+: /, ""));
  setStatus(many && alike.every((l) => l === alike[0]) ? alike[0] : lines.join("\n"));
  updateTransport();
  if (panel.id === "playground" && [...jobs.values()].every((v) => v.status === "ok"))
    send({ type: "distance", runId, a: "A", b: "B" });
}

worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
worker.onerror = (e) => setStatus(`worker failed: ${e.message}`);

function draw(): void {
  requestAnimationFrame(draw);
  if (replayFrom !== undefined) {
    const horizon = computedUntil(jobs);
    const t = (horizon * (performance.now() - replayFrom)) / REPLAY_MS;
    if (t >= horizon) {
      replayFrom = undefined;
      setView(undefined);
    } else setView(t);
  }
  if (!dirty) return;
  dirty = false;
  const t0 = performance.now();
  startFrame(panel.id);
  const figures = panel.draw({
    run: runId,
    values,
    jobs: asOf(jobs, viewT),
    distance: distanceAsOf(distance, viewT),
  });
  // Only the figures that changed are swapped: a cached one stays in place.
  const box = $("#figures");
  figures.forEach((f, i) => {
    const old = box.children[i];
    if (old !== f) {
      if (old) box.replaceChild(f, old);
      else box.append(f);
    }
  });
  while (box.children.length > figures.length) box.lastElementChild?.remove();
  // Layered figures paint their live layer once they are on the page (it needs their layout).
  for (const f of figures) (f as Partial<LayeredFigure>).paint?.();
  // Static layers beyond this frame's one are built at the next frames.
  stats.deferred = buildsDeferred();
  if (stats.deferred) dirty = true;
  stats.computedT = computedUntil(jobs);
  updateTransport();
  const now = performance.now();
  stats.draws.push(now);
  stats.drawMs.push(now - t0);
  if (changedAt !== undefined && sawNew) {
    stats.latencies.push(now - changedAt);
    changedAt = undefined;
  }
}

function showPanel(p: Panel, at?: number): void {
  if (p === panel) return; // the open tab: nothing to reset
  panel = p;
  const params = new URLSearchParams();
  values = Object.fromEntries(p.controls.map((c) => [c.name, valueFromUrl(c, params)]));
  mount(at);
}

/** The phone layout's width (style.css): there an equation's parts stand one under another. */
const narrow = window.matchMedia("(max-width: 600px)");

/**
 * An equation as lines of one display: its parts (joined by `, \qquad`) and the places a panel
 * marks with a `%|` comment (which a whole equation ignores) each start a line.
 */
function stacked(tex: string): string {
  const lines = tex.replace(/,\s*\\qquad\s*/g, ",\\\\ ").replace(/\s*%\|\n\s*/g, " \\\\ ");
  return lines === tex ? tex : `\\begin{gathered}${lines}\\end{gathered}`;
}

/** The open panel's equation, whole on a wide page, its parts stacked on a phone. */
function renderEquation(): void {
  const tex = narrow.matches ? stacked(panel.equation) : panel.equation;
  katex.render(tex, $("#panel-equation"), { displayMode: true, throwOnError: false });
}
narrow.addEventListener("change", renderEquation);

function mount(at?: number): void {
  for (const tab of document.querySelectorAll<HTMLButtonElement>("nav [role=tab]")) {
    const selected = tab.dataset.panel === panel.id;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    // On a phone the tabs are one scrolling row: keep the open one in view.
    if (selected) tab.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
  $("#panel-title").textContent = panel.title;
  renderProse($("#panel-lead"), panel.lead);
  renderEquation();
  $<HTMLAnchorElement>("#guide").href = `./guide/${panel.guide}`;
  const updateControls = renderControls(
    $("#controls"),
    panel.controls,
    values,
    panel.id,
    (name, value, when) => {
      values[name] = value;
      updateControls(values);
      writeUrl();
      const control = panel.controls.find((c) => c.name === name);
      if (control?.view) {
        dirty = true; // a different view of the same frames
        return;
      }
      const t = timeOfControl(panel, values);
      if (control?.time && t !== undefined) {
        // Within the horizon already asked for: show that time, from the frames computed.
        if (t <= requestedUntil(jobs) * (1 + 1e-9)) {
          setView(t);
          return;
        }
        setView(undefined);
        start(when);
        return;
      }
      setView(undefined);
      start(when);
    },
  );
  $("#scrub-row").hidden = !!timeControl(panel);
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
  setView(undefined);
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

/** Prose with inline mathematics between $ signs, typeset by KaTeX; the rest stays text. */
function renderProse(el: HTMLElement, text: string): void {
  el.replaceChildren(
    ...text.split("$").map((part, k) => {
      if (k % 2 === 0) return document.createTextNode(part);
      const span = document.createElement("span");
      katex.render(part, span, { throwOnError: false });
      return span;
    }),
  );
}

function buildTransport(): void {
  $("#play").addEventListener("click", togglePlay);
  $("#reset").addEventListener("click", reset);
  const scrub = $<HTMLInputElement>("#scrub");
  scrub.min = "0";
  scrub.addEventListener("input", () => {
    replayFrom = undefined;
    const t = Number(scrub.value);
    setView(t >= computedUntil(jobs) && active.size > 0 ? undefined : t);
  });
}

/** The figures' width, read once laid out; a new width draws the figures again at that width. */
function watchWidth(): void {
  new ResizeObserver(([entry]) => {
    if (setFiguresWidth((entry.target as HTMLElement).clientWidth)) dirty = true;
  }).observe($("#figures"));
}

buildNav();
buildTransport();
watchWidth();
readUrl();
mount(performance.now());
requestAnimationFrame(draw);
