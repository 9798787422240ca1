/** Reading a preset's parameter schema: names, ranges, defaults — for help and for errors. */
import type { z } from "zod";
import { ConfigError } from "../core/errors.js";
import type { Preset } from "../presets/types.js";

export interface ParamInfo {
  name: string;
  description: string;
  type: string;
  min?: number;
  max?: number;
  options?: readonly string[];
  default?: unknown;
}

interface Introspectable {
  description?: string;
  def: { type: string; defaultValue?: unknown; values?: readonly unknown[] };
  unwrap?: () => Introspectable;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  options?: readonly string[];
}

export function describeParams(schema: z.ZodObject): ParamInfo[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const outer = field as unknown as Introspectable;
    // Defaults and optionals wrap the schema that says what the value is.
    let inner = outer;
    while ((inner.def.type === "default" || inner.def.type === "optional") && inner.unwrap)
      inner = inner.unwrap();
    const info: ParamInfo = {
      name,
      description: outer.description ?? inner.description ?? "",
      type: inner.def.type === "number" && inner.isInt ? "integer" : inner.def.type,
      default: outer.def.type === "default" ? outer.def.defaultValue : undefined,
    };
    if (inner.minValue !== null && inner.minValue !== undefined && Number.isFinite(inner.minValue))
      info.min = inner.minValue;
    if (inner.maxValue !== null && inner.maxValue !== undefined && Number.isFinite(inner.maxValue))
      info.max = inner.maxValue;
    if (inner.def.type === "union" && inner.options)
      // A union of literals (e.g. 1 | 2) lists its values.
      info.options = (inner.options as unknown as Introspectable[]).map((o) =>
        o.def.values ? String(o.def.values[0]) : `any ${o.def.type}`,
      );
    else if (inner.options) info.options = inner.options;
    return info;
  });
}

/** "an integer in [2, 1000000]", "a number > 0", "one of langevin". */
export function describeRange(p: ParamInfo): string {
  if (p.options) return `one of ${p.options.join(", ")}`;
  const kind =
    p.type === "integer"
      ? "an integer"
      : p.type === "number"
        ? "a number"
        : p.type === "array"
          ? "a JSON array"
          : `${/^[aeiou]/.test(p.type) ? "an" : "a"} ${p.type}`;
  if (p.min !== undefined && p.max !== undefined) return `${kind} in [${p.min}, ${p.max}]`;
  if (p.min !== undefined) return `${kind} ≥ ${p.min}`;
  if (p.max !== undefined) return `${kind} ≤ ${p.max}`;
  return kind;
}

/** One line per problem, each naming the parameter, what was wrong and what is allowed. */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodObject,
  input: Record<string, unknown>,
): string[] {
  const info = new Map(describeParams(schema).map((p) => [p.name, p]));
  const valid = [...info.keys()].join(", ");
  return issues.map((issue) => {
    if (issue.code === "unrecognized_keys")
      return `unknown parameter${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}; valid parameters: ${valid}`;
    const name = issue.path.join(".");
    const p = info.get(String(issue.path[0]));
    const allowed = p
      ? `${describeRange(p)}${p.description ? ` (${p.description})` : ""}`
      : issue.message;
    const got = JSON.stringify(input[String(issue.path[0])]);
    if (
      issue.code === "too_small" ||
      issue.code === "too_big" ||
      issue.code === "invalid_type" ||
      issue.code === "invalid_value"
    )
      return `${name} = ${got} is out of range: expected ${allowed}`;
    return `${name}: ${issue.message}; expected ${allowed}`;
  });
}

/** Validates the parameters of a preset, every problem named in one message. */
export function resolveParams(
  preset: Preset,
  input: Record<string, unknown>,
  origin: string,
): Record<string, unknown> {
  const parsed = preset.params.safeParse(input);
  if (!parsed.success)
    throw new ConfigError(
      `invalid parameters for preset "${preset.name}" (${origin}):\n  ${formatIssues(parsed.error.issues, preset.params, input).join("\n  ")}`,
      `run \`ottoflow presets ${preset.name}\` for every parameter with its range`,
    );
  return parsed.data as Record<string, unknown>;
}
