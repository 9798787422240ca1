/**
 * Reading a parameter schema (zod): names, types, ranges with their open or closed ends,
 * defaults — for help texts, generated controls and error messages that say what is allowed.
 */
import type { z } from "zod";
import { ConfigError } from "./errors.js";

export interface ParamInfo {
  name: string;
  description: string;
  type: string;
  min?: number;
  max?: number;
  /** True when the bound itself is excluded (x > min, x < max). */
  minExclusive?: boolean;
  maxExclusive?: boolean;
  options?: readonly string[];
  /** A union of a literal and a number: each alternative in words ("median", "a number > 0"). */
  alternatives?: readonly string[];
  default?: unknown;
  optional?: boolean;
}

interface BoundCheck {
  _zod: { def: { check: string; value?: unknown; inclusive?: boolean } };
}

interface Introspectable {
  description?: string;
  def: {
    type: string;
    defaultValue?: unknown;
    values?: readonly unknown[];
    checks?: readonly BoundCheck[];
  };
  unwrap?: () => Introspectable;
  isInt?: boolean;
  options?: readonly string[];
}

/** The tightest lower and upper bounds among a number schema's checks. */
function bounds(
  s: Introspectable,
): Pick<ParamInfo, "min" | "max" | "minExclusive" | "maxExclusive"> {
  const out: Pick<ParamInfo, "min" | "max" | "minExclusive" | "maxExclusive"> = {};
  for (const c of s.def.checks ?? []) {
    const { check, value, inclusive } = c._zod.def;
    if (typeof value !== "number" || !Number.isFinite(value)) continue;
    if (check === "greater_than" && (out.min === undefined || value >= out.min)) {
      out.min = value;
      out.minExclusive = inclusive === false;
    } else if (check === "less_than" && (out.max === undefined || value <= out.max)) {
      out.max = value;
      out.maxExclusive = inclusive === false;
    }
  }
  return out;
}

export function describeParams(schema: z.ZodObject): ParamInfo[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const outer = field as unknown as Introspectable;
    // Defaults and optionals wrap the schema that says what the value is.
    let inner = outer;
    let optional = false;
    while ((inner.def.type === "default" || inner.def.type === "optional") && inner.unwrap) {
      if (inner.def.type === "optional") optional = true;
      inner = inner.unwrap();
    }
    const info: ParamInfo = {
      name,
      description: outer.description ?? inner.description ?? "",
      type: inner.def.type === "number" && inner.isInt ? "integer" : inner.def.type,
      default: outer.def.type === "default" ? outer.def.defaultValue : undefined,
      ...(optional ? { optional } : {}),
    };
    if (inner.def.type === "number") Object.assign(info, bounds(inner));
    if (inner.def.type === "union" && inner.options) {
      const members = inner.options as unknown as Introspectable[];
      // A union of literals (e.g. 1 | 2) lists its values; a literal or a number says both.
      if (members.every((o) => o.def.values))
        info.options = members.map((o) => String(o.def.values![0]));
      else
        info.alternatives = members.map((o) =>
          o.def.values
            ? String(o.def.values[0])
            : describeRange({
                name,
                description: "",
                type: o.def.type === "number" && o.isInt ? "integer" : o.def.type,
                ...(o.def.type === "number" ? bounds(o) : {}),
              }),
        );
    } else if (inner.options) info.options = inner.options;
    return info;
  });
}

/** "an integer in [2, 1000000]", "a number in (0, 1]", "a number > 0", "one of langevin". */
export function describeRange(p: ParamInfo): string {
  if (p.options) return `one of ${p.options.join(", ")}`;
  if (p.alternatives) return p.alternatives.join(" or ");
  const kind =
    p.type === "integer"
      ? "an integer"
      : p.type === "number"
        ? "a number"
        : p.type === "array"
          ? "a JSON array"
          : `${/^[aeiou]/.test(p.type) ? "an" : "a"} ${p.type}`;
  if (p.min !== undefined && p.max !== undefined)
    return `${kind} in ${p.minExclusive ? "(" : "["}${p.min}, ${p.max}${p.maxExclusive ? ")" : "]"}`;
  if (p.min !== undefined) return `${kind} ${p.minExclusive ? ">" : "≥"} ${p.min}`;
  if (p.max !== undefined) return `${kind} ${p.maxExclusive ? "<" : "≤"} ${p.max}`;
  return kind;
}

/** One line per problem, each naming the parameter (with `prefix`), what was wrong and what is allowed. */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodObject,
  input: Record<string, unknown>,
  prefix = "",
): string[] {
  const info = new Map(describeParams(schema).map((p) => [p.name, p]));
  const valid = [...info.keys()].map((k) => prefix + k).join(", ");
  return issues.map((issue) => {
    if (issue.code === "unrecognized_keys")
      return `unknown parameter${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${prefix}${k}"`).join(", ")}; valid parameters: ${valid}`;
    const name = prefix + issue.path.join(".");
    const p = info.get(String(issue.path[0]));
    const allowed = p
      ? `${describeRange(p)}${p.description ? ` (${p.description})` : ""}`
      : issue.message;
    const got = JSON.stringify(input[String(issue.path[0])]);
    if (
      issue.code === "too_small" ||
      issue.code === "too_big" ||
      issue.code === "invalid_type" ||
      issue.code === "invalid_value" ||
      issue.code === "invalid_union"
    )
      return `${name} = ${got} is out of range: expected ${allowed}`;
    return `${name}: ${issue.message}; expected ${allowed}`;
  });
}

/** Validates `input` against a strict object schema, every problem named in one ConfigError. */
export function parseParams<S extends z.ZodObject>(
  schema: S,
  input: Record<string, unknown>,
  what: string,
  fix: string,
  prefix = "",
): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new ConfigError(
      `invalid parameters for ${what}:\n  ${formatIssues(parsed.error.issues, schema, input, prefix).join("\n  ")}`,
      fix,
    );
  return parsed.data;
}
