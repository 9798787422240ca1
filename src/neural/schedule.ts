/**
 * The learning rate over one variational step's iterations (klJkoStep.ts), and when the step
 * may leave its held rate early.
 *
 * The cosine schedule holds the rate for the first half of J1, then lowers it to 0 by a half
 * cosine, so that the last iterates average the gradient noise instead of riding it. With the
 * plateau test (`stop: "plateau"`) the held phase ends as soon as training at that rate has
 * stopped paying: after every PLATEAU_WINDOW iterations the step compares T now with T
 * PLATEAU_LAG windows before, both under the dual h has now, by the objective on one fixed
 * batch (the same x from the pool and z from μ every time, so that the difference is the
 * training's, not the batches'). The first comparison in which T now is no better is a
 * plateau; the decay starts at once and keeps its length (J1 minus J1/2), which sets how much
 * of the noise the last iterates average. So a step takes between 30 + J1/2 iterations and J1.
 * Why the decay keeps its length, measured (barenblatt-neural at seed 001's τ = 0.001, where
 * Adam's jitter is as large as the step): decaying over only as many iterations as were held
 * left 4 of the first 10 steps above a fifth of their time error; the full tail leaves none.
 * Why 3 windows of 10: one window (10 iterations, Adam's momentum time) resolves less than the
 * fixed batch's own sampling error and stopped too early on OU at d = 6.
 */

/** Iterations between two looks of the plateau test (Adam's momentum time, 1/(1 − β₁)). */
export const PLATEAU_WINDOW = 10;
/** How many windows back the plateau test compares T with. */
export const PLATEAU_LAG = 3;

/** ½(1 + cos(π·k/K)): from 1 down to 0 as k goes from 0 to K. */
function halfCosine(k: number, K: number): number {
  return 0.5 * (1 + Math.cos((Math.PI * k) / K));
}

/** The cosine schedule's factor at iteration it of J1 = outer. */
export function cosineTail(it: number, outer: number): number {
  const half = Math.floor(outer / 2);
  if (it < half) return 1;
  return halfCosine(it - half + 1, outer - half + 1);
}

/** One step's schedule: the rate's factor per iteration, and where the step ends. */
export class StepSchedule {
  /** Iterations the step takes. */
  end: number;
  /** The first iteration at a lowered rate. */
  private decayFrom: number;

  constructor(outer: number, cosine: boolean) {
    this.end = outer;
    this.decayFrom = cosine ? Math.floor(outer / 2) : outer;
  }

  /** The rate's factor at iteration it (cosineTail's until a plateau moves the decay). */
  rate(it: number): number {
    if (it < this.decayFrom) return 1;
    return halfCosine(it - this.decayFrom + 1, this.end - this.decayFrom + 1);
  }

  /** Whether the plateau test looks after iteration it: a window's end, the rate held. */
  looksAfter(it: number): boolean {
    return it < this.decayFrom && (it + 1) % PLATEAU_WINDOW === 0;
  }

  /** A plateau after iteration it: the decay starts with the next, as long as before. */
  plateau(it: number): void {
    this.end = it + 1 + (this.end - this.decayFrom);
    this.decayFrom = it + 1;
  }
}
