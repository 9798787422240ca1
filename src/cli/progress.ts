/** Progress: a bar on a terminal, plain lines every 10% otherwise, nothing when quiet. */
import cliProgress from "cli-progress";
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
