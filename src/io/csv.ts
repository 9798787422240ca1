/** metrics.csv: one row per saved time. */
import type { History } from "../flow/types.js";

export function historyToCsv(h: History): string {
  const names = Object.keys(h.metrics);
  const rows = [["step", "t", "energy", ...names].join(",")];
  for (let i = 0; i < h.t.length; i++)
    rows.push(
      [h.step[i], h.t[i], h.energy[i], ...names.map((n) => h.metrics[n][i])].map(String).join(","),
    );
  return rows.join("\n") + "\n";
}
