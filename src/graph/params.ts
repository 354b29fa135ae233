const COMPUTED = /^([A-Za-z_][\w.]*)::([A-Za-z_]\w*)$/;
const DOTTED = /^([A-Za-z_][\w.]*)\.([A-Za-z_]\w*)$/;
/** The key under which a computed param carries its value once evaluated (see {@link evaluatedParam}). */
export const EVALUATED_KEY = "py:computed";

/** The value a computed param's function returned, as the Python process that called it saw it. */
export interface ComputedValue {
  /** `repr()` of the value. */
  readonly repr: string;
  /** True when `repr` reads back as an equal value (`ast.literal_eval`): the injected cell shows it. */
  readonly literal: boolean;
  /** A hash of the value (of its repr when literal, else of its pickle): part of the fingerprint. */
  readonly digest: string;
}

/** A param computed by calling a Python function (Ploomber's `module::function` or `dotted_path` form). */
export interface ComputedParam {
  readonly module: string;
  readonly fn: string;
  /** Keyword arguments of the call (the dict form's other keys). */
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** The value, once evaluated for a build. */
  readonly value?: ComputedValue;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function target(path: string): { module: string; fn: string } | undefined {
  const m = COMPUTED.exec(path) ?? DOTTED.exec(path);
  return m ? { module: m[1], fn: m[2] } : undefined;
}

/**
 * A param value that Ploomber computes by calling a Python function, split into its parts:
 * `"module::function"`, or the dict form `{dotted_path: "module::function" (or "module.function"),
 * kwarg: value, ...}`, which calls it with those keyword arguments; `undefined` for any other value.
 *
 * @example
 * ```ts
 * import { computedParam } from "./mod.ts";
 * console.log(computedParam("tasks.params::n_rows")); // { module: "tasks.params", fn: "n_rows", kwargs: {} }
 * console.log(computedParam({ dotted_path: "params::get_index", path: "index.json" }));
 * // { module: "params", fn: "get_index", kwargs: { path: "index.json" } }
 * ```
 */
export function computedParam(value: unknown): ComputedParam | undefined {
  if (typeof value === "string") {
    const m = COMPUTED.exec(value);
    return m ? { module: m[1], fn: m[2], kwargs: {} } : undefined;
  }
  if (!isObject(value)) return undefined;
  const evaluated = value[EVALUATED_KEY];
  if (isObject(evaluated) && Object.keys(value).length === 1) return evaluated as unknown as ComputedParam;
  if (typeof value.dotted_path !== "string") return undefined;
  const t = target(value.dotted_path);
  if (!t) return undefined;
  const { dotted_path: _, ...kwargs } = value;
  return { ...t, kwargs };
}

/**
 * The param value that carries a computed param with its evaluated value: a plain object, so it takes
 * part in the task's fingerprint like any other param (the value changes -> the task re-runs).
 */
export function evaluatedParam(call: ComputedParam, value: ComputedValue): Record<string, unknown> {
  return { [EVALUATED_KEY]: { module: call.module, fn: call.fn, kwargs: call.kwargs, value } };
}
