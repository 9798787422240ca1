/** The help texts that read the registries: `ottoflow presets [NAME]` and `ottoflow schemes [NAME]`. */
import { ConfigError } from "../core/errors.js";
import { type ParamInfo, describeParams, describeRange } from "../core/schema.js";
import { describeRun } from "../config/resolve.js";
import { termKindMeaning } from "../energies/parts.js";
import { presetAliases, presets } from "../presets/index.js";
import { schemeNamed, schemes } from "../schemes/registry.js";
import { describeSupports } from "../schemes/support.js";

const row = (prefix: string) => (q: ParamInfo) =>
  `  ${prefix}${q.name} = ${q.default === undefined ? "(unset)" : JSON.stringify(q.default)}  — ${q.description}; ${describeRange(q)}`;

/** One line per preset (and alias), or every parameter of one with a scheme. */
export function presetHelp(name?: string, scheme?: string): string {
  if (!name) {
    const width = Math.max(
      ...presets.map((p) => p.name.length),
      ...presetAliases.map((a) => a.name.length),
    );
    return (
      presets.map((p) => `${p.name.padEnd(width)}  ${p.summary} [${p.scheme.name}]`).join("\n") +
      "\n" +
      presetAliases
        .map((a) => `${a.name.padEnd(width)}  = ${a.preset.name} --scheme ${a.scheme}`)
        .join("\n") +
      "\n"
    );
  }
  const { config, problem, time, scheme: schemeRows } = describeRun(name, scheme);
  const { preset } = config;
  return [
    `${preset.name}: ${preset.summary}`,
    `scheme: ${config.scheme.name} (${scheme ? "chosen" : "default"}; any that supports the problem: --scheme NAME)`,
    `problem parameters (--set key=value):`,
    ...(problem.length ? problem.map(row("")) : ["  (none)"]),
    `time (--set key=value):`,
    ...time.map(row("")),
    `scheme parameters (--set scheme.key=value):`,
    ...(schemeRows.length ? schemeRows.map(row("scheme.")) : ["  (none)"]),
    "",
  ].join("\n");
}

/** One line per scheme, or one scheme's parameters and what it supports. */
export function schemeHelp(name?: string): string {
  if (!name) {
    const width = Math.max(...schemes.map((s) => s.name.length));
    return schemes.map((s) => `${s.name.padEnd(width)}  ${s.summary}`).join("\n") + "\n";
  }
  const s = schemeNamed(name);
  const sup = describeSupports(s.supports);
  const rows = describeParams(s.params).map(row("scheme."));
  return [
    `${s.name} (${s.family}): ${s.summary}`,
    `takes: ${s.supports.terms.map((k) => `${k} (${termKindMeaning[k]})`).join(", ") || "(no terms)"}`,
    ...(sup.needs ? [`needs: ${sup.needs}`] : []),
    `starts from: ${sup.measures}; dimensions: ${sup.dims}${sup.note ? `; ${sup.note}` : ""}`,
    `parameters (--set scheme.key=value):`,
    ...(rows.length ? rows : ["  (none)"]),
    "",
  ].join("\n");
}

export function unknownCommand(command: string): never {
  throw new ConfigError(
    `unknown command "${command}"`,
    "commands: presets, schemes, run, sweep, collect, show, serve, distance (see ottoflow --help)",
  );
}
