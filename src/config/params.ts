/** Reading a preset's parameter schema: names, ranges, defaults — for help and for errors. */
import type { z } from "zod";

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
  def: { type: string; defaultValue?: unknown };
  unwrap?: () => Introspectable;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  options?: readonly string[];
}

export function describeParams(schema: z.ZodObject): ParamInfo[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const outer = field as unknown as Introspectable;
    const inner = outer.def.type === "default" && outer.unwrap ? outer.unwrap() : outer;
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
    if (inner.options) info.options = inner.options;
    return info;
  });
}

/** "an integer in [2, 1000000]", "a number > 0", "one of langevin". */
export function describeRange(p: ParamInfo): string {
  if (p.options) return `one of ${p.options.join(", ")}`;
  const kind =
    p.type === "integer" ? "an integer" : p.type === "number" ? "a number" : `a ${p.type}`;
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
