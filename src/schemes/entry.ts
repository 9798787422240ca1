/**
 * A registered scheme: its name, a one-line summary, its parameters (a zod schema, so that the
 * CLI, the explorer's controls and the docs read one declaration), what it supports, and how to
 * make it from validated parameters. `create` is the library's way in: partial options,
 * defaults filled and checked.
 */
import type { z } from "zod";
import { parseParams } from "../core/schema.js";
import type { Supports } from "./support.js";
import type { Scheme } from "./types.js";

/** Families, for listing: how a scheme discretises the flow. */
export type SchemeFamily = "particle" | "jko" | "neural" | "grid" | "problem-specific";

export interface SchemeEntry<P extends z.ZodObject = z.ZodObject, S extends Scheme = Scheme> {
  readonly name: string;
  readonly summary: string;
  readonly family: SchemeFamily;
  /** True for JKO-type schemes: each step is a minimising movement of size dt. */
  readonly variational?: boolean;
  readonly params: P;
  readonly supports: Supports;
  make(params: z.infer<P>): S;
  /** make() from partial options: defaults filled, everything validated. */
  create(options?: z.input<P>): S;
}

export function defineScheme<P extends z.ZodObject, S extends Scheme>(
  entry: Omit<SchemeEntry<P, S>, "create">,
): SchemeEntry<P, S> {
  return {
    ...entry,
    create: (options = {} as z.input<P>) =>
      entry.make(
        parseParams(
          entry.params,
          options as Record<string, unknown>,
          `scheme "${entry.name}"`,
          `run \`ottoflow schemes ${entry.name}\` for its parameters`,
        ),
      ),
  };
}
