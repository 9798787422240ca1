/** Labelled, keyboard-operable controls (native range, select, number inputs). */

interface Common {
  name: string;
  label: string;
  /** Changing it extends the run instead of restarting it (a time or step count). */
  time?: boolean;
  hint?: string;
  /** It only changes what is drawn (redrawn from the frames computed, no new run). */
  view?: boolean;
  /** Why the control has no effect under the other values (it is then disabled), if so. */
  inactive?: (values: Values) => string | undefined;
}
export interface RangeControl extends Common {
  kind: "range";
  min: number;
  max: number;
  step: number;
  value: number;
}
export interface SelectControl extends Common {
  kind: "select";
  options: readonly string[];
  value: string;
}
export type Control = RangeControl | SelectControl;
export type Values = Record<string, number | string>;

const fmt = (v: number): string => String(Number(v.toPrecision(4)));

/** Reads a control's value from the URL, falling back to its default when absent or invalid. */
export function valueFromUrl(c: Control, params: URLSearchParams): number | string {
  const raw = params.get(c.name);
  if (raw === null) return c.value;
  if (c.kind === "select") return c.options.includes(raw) ? raw : c.value;
  const v = Number(raw);
  return Number.isFinite(v) && v >= c.min && v <= c.max ? v : c.value;
}

/**
 * Builds the form; `onChange(name, value, timeStamp)` fires on every input. Returns an update
 * that disables the controls that have no effect under the new values, saying why, in place
 * (the focus stays where it is).
 */
export function renderControls(
  form: HTMLElement,
  controls: readonly Control[],
  values: Values,
  prefix: string,
  onChange: (name: string, value: number | string, at: number) => void,
): (values: Values) => void {
  form.replaceChildren();
  const updates: ((v: Values) => void)[] = [];
  for (const c of controls) {
    const id = `${prefix}-${c.name}`;
    const row = document.createElement("div");
    row.className = "control";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = c.label;
    row.append(label);
    if (c.kind === "range") {
      const input = document.createElement("input");
      input.type = "range";
      input.id = id;
      input.name = c.name;
      input.min = String(c.min);
      input.max = String(c.max);
      input.step = String(c.step);
      input.value = String(values[c.name]);
      const out = document.createElement("output");
      out.htmlFor.add(id);
      out.textContent = fmt(Number(values[c.name]));
      input.addEventListener("input", (e) => {
        const v = Number(input.value);
        out.textContent = fmt(v);
        onChange(c.name, v, e.timeStamp);
      });
      row.append(input, out);
    } else {
      const select = document.createElement("select");
      select.id = id;
      select.name = c.name;
      for (const o of c.options) {
        const option = document.createElement("option");
        option.value = o;
        option.textContent = o;
        select.append(option);
      }
      select.value = String(values[c.name]);
      select.addEventListener("change", (e) => onChange(c.name, select.value, e.timeStamp));
      row.append(select);
    }
    if (c.view) row.querySelector("input, select")?.setAttribute("data-view", "true");
    const hint = document.createElement("small");
    hint.textContent = c.hint ?? "";
    if (c.hint || c.inactive) row.append(hint);
    const { inactive } = c;
    if (inactive) {
      const input = row.querySelector<HTMLInputElement | HTMLSelectElement>("input, select");
      updates.push((v) => {
        const why = inactive(v);
        if (input) input.disabled = !!why;
        row.classList.toggle("inactive", !!why);
        hint.textContent = why ?? c.hint ?? "";
      });
    }
    form.append(row);
  }
  const update = (v: Values): void => updates.forEach((u) => u(v));
  update(values);
  return update;
}
