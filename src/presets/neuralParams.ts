/** Parameters shared by the neural-JKO presets. */
import { z } from "zod";

/** J1, Adam iterations per JKO step. */
export const jkoOuterParam = (byDefault: number, label = "Adam iterations per step") =>
  z.number().int().min(1).max(100_000).default(byDefault).describe(label);
