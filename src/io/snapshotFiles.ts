/** One snapshot as the run directory stores it: a float64 .npy file and its index entry. */
import type { Snapshot } from "../flow/types.js";
import type { Measure } from "../measures/types.js";
import { encodeNpy } from "./npy.js";

export interface SnapshotEntry {
  step: number;
  t: number;
  kind: Measure["kind"];
  file: string;
  shape: number[];
  /** Grid geometry, for grid snapshots. */
  lower?: number[];
  upper?: number[];
  /** The particles' weights (.npy), when they are not uniform. */
  weights?: string;
}

function measureArray(m: Measure): {
  data: Float64Array;
  shape: number[];
  extra?: Partial<SnapshotEntry>;
} {
  switch (m.kind) {
    case "particles":
      return { data: m.x, shape: [m.n, m.d] };
    case "quantile1d":
      return { data: m.values, shape: [m.values.length] };
    case "grid":
      return {
        data: m.density,
        shape: [...m.shape],
        extra: { lower: [...m.lower], upper: [...m.upper] },
      };
    case "gaussian":
      return { data: Float64Array.from([...m.mean, ...m.cov.data]), shape: [m.d + m.d * m.d] };
  }
}

/** The .npy files of a snapshot (the measure, and its weights if any) and its index entry. */
export function snapshotFile(snap: Snapshot): {
  entry: SnapshotEntry;
  files: { name: string; bytes: Uint8Array }[];
} {
  const { data, shape, extra } = measureArray(snap.measure);
  const stem = String(snap.step).padStart(6, "0");
  const file = `${stem}.npy`;
  const files = [{ name: file, bytes: encodeNpy(data, shape) }];
  const m = snap.measure;
  let weights: string | undefined;
  if (m.kind === "particles" && m.weights) {
    weights = `${stem}.weights.npy`;
    files.push({ name: weights, bytes: encodeNpy(m.weights, [m.n]) });
  }
  return {
    entry: {
      step: snap.step,
      t: snap.t,
      kind: m.kind,
      file,
      shape,
      ...extra,
      ...(weights ? { weights } : {}),
    },
    files,
  };
}
