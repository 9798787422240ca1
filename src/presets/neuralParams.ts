/** Parameters shared by the neural-JKO presets. */
import { z } from "zod";

/** J1, Adam iterations per JKO step. */
export const jkoOuterParam = (byDefault: number, label = "Adam iterations per step") =>
  z.number().int().min(1).max(100_000).default(byDefault).describe(label);

/** The map family of T: the paper's residual MLP, or the gradient of an input-convex network. */
export const mapFamilyParam = (
  label = "map T: residual MLP (the paper's) or ∇ICNN (a Brenier map)",
) => z.enum(["residual", "icnn"]).default("residual").describe(label);
