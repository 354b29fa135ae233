import type { HookSpec } from "../graph/mod.ts";
import { pythonLiteral } from "../source/mod.ts";
import { CALL_HELPER, paramsCode } from "./python_code.ts";

/** A Python hook: a dotted path, or a dotted path with keyword arguments from the YAML. */
export type PythonHook = Exclude<HookSpec, (...a: never[]) => unknown>;

/** What a task looks like to a hook (turned into an object with Ploomber's attribute names). */
export interface HookTask {
  name: string;
  product: unknown;
  params?: Record<string, unknown>;
  /** Upstream task name -> that task (name and product). */
  upstream?: Record<string, HookTask>;
  /** plait's own: how the task's part in the build ended (pipeline hooks). */
  outcome?: string;
}

/**
 * Defines `__plait_call_hook(path, data, kwargs, params)`: imports the hook and calls it with the
 * arguments it names. `data["task"]` becomes an object with `.name`, `.product` (path-like, or a
 * dict of them), `.params`, `.upstream` (name -> task) and `.client` (None), as Ploomber's Task;
 * `product`, `params` and `client` are given beside it; `dag` becomes name -> such an object.
 */
const HOOK_HELPER = `def __plait_call_hook(__path, __data, __kwargs, __params):
    import importlib

    class PlaitProduct(str):
        """A product path; path-like, as Ploomber's File."""

        def __fspath__(self):
            return str(self)

    def product(p):
        return {k: PlaitProduct(v) for k, v in p.items()} if isinstance(p, dict) else PlaitProduct(p)

    class PlaitTask:
        """A task as a hook sees it, with Ploomber's attribute names."""

        def __init__(self, d, params=None):
            self.name = d["name"]
            self.product = product(d["product"])
            self.params = params if params is not None else d.get("params", {})
            self.upstream = {n: PlaitTask(u) for n, u in d.get("upstream", {}).items()}
            self.client = None
            self.outcome = d.get("outcome")

        def __getitem__(self, key):
            return getattr(self, key)

        def __repr__(self):
            return f"PlaitTask({self.name!r})"

    available = dict(__data)
    if "task" in available:
        task = available["task"] = PlaitTask(available["task"], __params)
        available.update(product=task.product, params=task.params, client=None)
    if "dag" in available:
        available["dag"] = {n: PlaitTask(t) for n, t in available["dag"].items()}
    i = __path.rindex(".")
    fn = getattr(importlib.import_module(__path[:i]), __path[i + 1:])
    return __plait_call(fn, {**available, **__kwargs})`;

/**
 * Code calling one Python hook with the arguments it names, as Ploomber passes them: `task`,
 * `product`, `params`, `client` for a task's hook (params computed as for the task), `dag`,
 * `report` and `traceback` for the pipeline's, and the hook's own keyword arguments.
 */
export function hookCode(
  hook: PythonHook,
  available: Record<string, unknown>,
  params?: Readonly<Record<string, unknown>>,
): string {
  const dotted = typeof hook === "string" ? hook : hook.dotted_path;
  const kwargs = typeof hook === "string"
    ? {}
    : Object.fromEntries(Object.entries(hook).filter(([k]) => k !== "dotted_path"));
  return [
    CALL_HELPER,
    HOOK_HELPER,
    paramsCode("__plait_params", params ?? {}),
    `__plait_call_hook(${pythonLiteral(dotted)}, ${pythonLiteral(available)}, ${pythonLiteral(kwargs)}, ${
      params ? "__plait_params" : "None"
    })`,
    "del __plait_call_hook, __plait_params",
  ].join("\n");
}

/** The name a hook is shown by. */
export function hookName(hook: HookSpec): string {
  if (typeof hook === "function") return hook.name || "a TypeScript function";
  return typeof hook === "string" ? hook : hook.dotted_path;
}

/** Whether a hook's error is Ploomber's request to stop the build on purpose. */
export function isEarlyStop(error: { ename?: string } | undefined): boolean {
  return error?.ename === "DAGBuildEarlyStop";
}
