/**
 * Command-line options by node's parseArgs, with one repair: a value that starts with "-"
 * (`--seed -1`, `--eps -1e-3`) is taken as the option's value instead of being refused as
 * ambiguous, so that the range check can name what is allowed.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

const NUMBER = /^-(\d|\.\d|Infinity|NaN)/;

export interface ParsedCli {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export function parseCli(args: readonly string[], options: Options): ParsedCli {
  const valued = new Set(
    Object.entries(options)
      .filter(([, o]) => o.type === "string")
      .map(([name]) => `--${name}`),
  );
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = args[i + 1];
    if (valued.has(a) && next !== undefined && NUMBER.test(next)) {
      joined.push(`${a}=${next}`);
      i++;
    } else joined.push(a);
  }
  return parseArgs({ args: joined, allowPositionals: true, options, strict: true });
}

/** The options of `ottoflow run`. */
export const RUN_OPTIONS = {
  set: { type: "string", multiple: true, default: [] },
  scheme: { type: "string" },
  out: { type: "string" },
  seed: { type: "string" },
  force: { type: "boolean", default: false },
  resume: { type: "boolean", default: false },
  quiet: { type: "boolean", default: false },
} as const satisfies Options;
