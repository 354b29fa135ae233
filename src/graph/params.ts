const COMPUTED = /^([A-Za-z_][\w.]*)::([A-Za-z_]\w*)$/;

/**
 * A param value of the form `module::function` (Ploomber's way to compute a value by calling a
 * Python function), split into its parts; `undefined` for any other value.
 *
 * @example
 * ```ts
 * import { computedParam } from "./mod.ts";
 * console.log(computedParam("tasks.params::n_rows")); // { module: "tasks.params", fn: "n_rows" }
 * ```
 */
export function computedParam(value: unknown): { module: string; fn: string } | undefined {
  const m = typeof value === "string" ? COMPUTED.exec(value) : null;
  return m ? { module: m[1], fn: m[2] } : undefined;
}
