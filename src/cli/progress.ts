/** Progress: a bar on a terminal, plain lines every 10% otherwise, nothing when quiet. */
import cliProgress from "cli-progress";
import type { Meter } from "../core/meter.js";
import type { Progress } from "../flow/types.js";

export interface ProgressSink {
  update(p: Progress): void;
  stop(): void;
}

export function progressSink(options: {
  quiet: boolean;
  tty: boolean;
  label: string;
}): ProgressSink {
  if (options.quiet) return { update: () => undefined, stop: () => undefined };
  if (options.tty) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${options.label} {bar} {percentage}% | t {time}/{until} | step {value}/{total} | eta {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        if (!started) {
          bar.start(p.steps, p.step, { time: p.t.toFixed(3), until: p.until });
          started = true;
        }
        bar.update(p.step, { time: p.t.toFixed(3), until: p.until });
      },
      stop: () => bar.stop(),
    };
  }
  let nextTenth = 1;
  let announced = false;
  return {
    update(p) {
      // A long run says how long at its first step, not at its first tenth.
      if (!announced && p.step > 0) {
        announced = true;
        const total = (p.elapsedMs / p.step) * p.steps;
        if (total > 10_000)
          process.stderr.write(
            `${options.label}: about ${formatDuration(total - p.elapsedMs)} to go\n`,
          );
      }
      while (p.step >= (nextTenth * p.steps) / 10) {
        process.stderr.write(
          `${options.label}: ${nextTenth * 10}% step ${p.step}/${p.steps} t=${p.t.toPrecision(4)} (${(p.elapsedMs / 1000).toFixed(1)} s)\n`,
        );
        nextTenth++;
      }
    },
    stop: () => undefined,
  };
}

/** "45 s", "12 min", "3.2 h". */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  return s < 120
    ? `${s.toFixed(0)} s`
    : s < 7200
      ? `${(s / 60).toFixed(0)} min`
      : `${(s / 3600).toFixed(1)} h`;
}

/** Where a long computation's progress goes, and when. */
export interface WorkProgressOptions {
  label: string;
  quiet: boolean;
  tty: boolean;
  /** Nothing is shown before this many ms (default 2000): quick work says nothing. */
  after?: number;
  /** Plain-line output (default stderr) and the clock (default performance.now), for tests. */
  write?: (text: string) => void;
  now?: () => number;
}

/**
 * A meter (core/meter) drawn for a user: a bar on a terminal, otherwise a line at each tenth
 * (or every 10 s while the amount of work is unknown), all on stderr, from `after` ms on.
 */
export function workProgress(o: WorkProgressOptions): { meter: Meter; stop(): void } {
  if (o.quiet) return { meter: () => undefined, stop: () => undefined };
  const now = o.now ?? (() => performance.now());
  const write = o.write ?? ((text: string) => void process.stderr.write(text));
  const t0 = now();
  const after = o.after ?? 2000;
  const seconds = (): string => `${((now() - t0) / 1000).toFixed(0)} s`;
  const SCALE = 1000;
  let bar: cliProgress.SingleBar | undefined;
  let nextTenth = 1;
  let lastCountLine = -Infinity;
  let countShown = false;
  const meter: Meter = (done, total, unit = "steps") => {
    const t = now();
    if (t - t0 < after) return;
    const known = Number.isFinite(total) && total > 0;
    if (known && o.tty) {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            format: `${o.label} {bar} {percentage}% | {duration_formatted} | eta {eta_formatted}`,
            stream: process.stderr,
            hideCursor: true,
            etaBuffer: 100,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(SCALE, 0);
      }
      bar.update(Math.round((SCALE * done) / total));
    } else if (known) {
      while (done / total >= nextTenth / 10 && nextTenth <= 10) {
        write(`${o.label}: ${nextTenth * 10}% (${seconds()})\n`);
        nextTenth++;
      }
    } else if (t - lastCountLine >= (o.tty ? 250 : 10_000)) {
      lastCountLine = t;
      const line = `${o.label}: ${done.toLocaleString("en")} ${unit} so far (${seconds()})`;
      if (o.tty) write(`\r${line}`);
      else write(`${line}\n`);
      countShown = o.tty;
    }
  };
  return {
    meter,
    stop() {
      bar?.stop();
      if (countShown) write("\n");
    },
  };
}
