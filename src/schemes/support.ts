/**
 * What a scheme can run, declared as data: the term kinds it takes, the kinds of which it
 * needs one, the initial measures it starts from and the dimensions it runs in. flow() checks
 * a problem against it once; the registry, the CLI's help and the docs' support table read
 * the same declaration.
 */
import {
  type EnergyParts,
  type TermKind,
  energyParts,
  termKindMeaning,
} from "../energies/parts.js";
import { type Measure, dimensionOf } from "../measures/types.js";
import type { Problem } from "./types.js";

export type MeasureKind = Measure["kind"];

export interface Supports {
  /** Term kinds the scheme takes; a problem with any other kind is refused. */
  readonly terms: readonly TermKind[];
  /** Kinds of which the energy must hold at least one (absent: any energy, even an empty one). */
  readonly needs?: readonly TermKind[];
  /** Kinds of initial measure it starts from. */
  readonly measures: readonly MeasureKind[];
  /** Dimensions it runs in (absent: any). */
  readonly dims?: readonly number[];
  /** How it treats a term kind, where that needs saying (the docs' support table). */
  readonly how?: Partial<Record<TermKind, string>>;
  /** What the fields above cannot say, in one line for the docs. */
  readonly note?: string;
  /** The check behind `note`: why else the problem cannot run, or undefined. */
  readonly check?: (problem: Problem, parts: EnergyParts) => string | undefined;
}

/** Every measure a particle scheme can sample its start from. */
export const anyMeasure: readonly MeasureKind[] = ["gaussian", "particles", "grid", "quantile1d"];

const orList = (xs: readonly string[]): string =>
  xs.length < 2 ? xs.join("") : `${xs.slice(0, -1).join(", ")} or ${xs[xs.length - 1]}`;

/** Why the problem is outside the declaration, or undefined when the scheme can run it. */
export function unsupportedBy(s: Supports, problem: Problem): string | undefined {
  const parts = energyParts(problem.energy);
  const extra = [...parts.kinds].filter((k) => !s.terms.includes(k));
  if (extra.length)
    return `it does not take ${extra.map((k) => `${k} (${termKindMeaning[k]})`).join(", ")}`;
  if (s.needs && !s.needs.some((k) => parts.kinds.has(k)))
    return `it needs ${orList(s.needs.map((k) => `${k} (${termKindMeaning[k]})`))}`;
  if (!s.measures.includes(problem.initial.kind))
    return `it starts from ${orList(s.measures.map(String))} measures, not from ${problem.initial.kind}`;
  const d = dimensionOf(problem.initial);
  if (s.dims && !s.dims.includes(d))
    return `it runs in ${orList(s.dims.map((x) => `${x}D`))}; the problem is ${d}D`;
  if (parts.dim !== undefined && parts.dim !== d)
    return `the potential is ${parts.dim}-dimensional but the initial measure is ${d}-dimensional`;
  return s.check?.(problem, parts);
}

/** The declaration in words, one field each, for `ottoflow schemes` and the docs. */
export function describeSupports(s: Supports): {
  terms: string;
  needs: string;
  measures: string;
  dims: string;
  note: string;
} {
  return {
    terms: s.terms.join(", ") || "(none)",
    needs: s.needs ? `one of ${s.needs.join(", ")}` : "",
    measures: s.measures.join(", "),
    dims: s.dims ? s.dims.join(", ") : "any",
    note: s.note ?? "",
  };
}
