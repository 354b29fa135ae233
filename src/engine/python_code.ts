import { type ComputedParam, computedParam, type HookSpec, type Task } from "../graph/mod.ts";
import { pythonLiteral } from "../source/mod.ts";

/**
 * Splits params into literal values and computed ones (`module::function`, or the dict form with
 * `dotted_path`), each with the Python expression that gives its value: the value itself when it was
 * evaluated for the build and reads back as a literal, else the call.
 */
export function splitParams(params: Readonly<Record<string, unknown>>): {
  literal: Record<string, unknown>;
  computed: [name: string, expression: string][];
} {
  const literal: Record<string, unknown> = {};
  const computed: [string, string][] = [];
  for (const [k, v] of Object.entries(params)) {
    const call = computedParam(v);
    if (call) computed.push([k, computedExpression(call)]);
    else literal[k] = v;
  }
  return { literal, computed };
}

/** The Python expression of a computed param: its evaluated literal value, else the function call. */
export function computedExpression(call: ComputedParam): string {
  if (call.value?.literal) return call.value.repr;
  const kwargs = Object.entries(call.kwargs).map(([k, v]) => `${k}=${pythonLiteral(v)}`).join(", ");
  return `${resolveFn(`${call.module}.${call.fn}`)}(${kwargs})`;
}

/** Python lines assigning each computed param its value. */
export function computedParamLines(computed: [string, string][]): string {
  return computed.map(([name, expression]) => `${name} = ${expression}`).join("\n");
}

/** Defines `__plait_call(fn, available)`: calls `fn` with the arguments it names (all of them for **kwargs). */
export const CALL_HELPER = `def __plait_call(__fn, __available):
    import inspect
    __sig = inspect.signature(__fn)
    if any(p.kind is p.VAR_KEYWORD for p in __sig.parameters.values()):
        return __fn(**__available)
    return __fn(**{k: v for k, v in __available.items() if k in __sig.parameters})`;

function resolveFn(dotted: string): string {
  const i = dotted.lastIndexOf(".");
  return `getattr(__import__("importlib").import_module(${pythonLiteral(dotted.slice(0, i))}), ${
    pythonLiteral(dotted.slice(i + 1))
  })`;
}

/**
 * The code that runs a Python function task: load upstream with the unserializer (if any), call
 * the function with `product`, `upstream` and params, and save its return value with the serializer.
 */
export function functionTaskCode(
  task: Task,
  values: { upstream: Record<string, unknown>; product: unknown },
): string {
  const { literal, computed } = splitParams(task.params);
  const lines = [
    CALL_HELPER,
    `upstream = ${pythonLiteral(values.upstream)}`,
    `product = ${pythonLiteral(values.product)}`,
    `params = ${pythonLiteral(literal)}`,
    ...computed.map(([name, expression]) => `params[${pythonLiteral(name)}] = ${expression}`),
  ];
  if (task.unserializer) {
    const multi = task.upstreamRefs.filter((r) => r.multi).map((r) => r.key);
    lines.push(
      `__load = ${resolveFn(task.unserializer)}`,
      `upstream = {k: ({n: __load(p) for n, p in v.items()} if k in ${
        pythonLiteral(multi)
      } else __load(v)) for k, v in upstream.items()}`,
    );
  }
  lines.push(
    `__result = __plait_call(${resolveFn(task.dottedPath!)}, {"product": product, ${
      task.upstream.length ? '"upstream": upstream, ' : ""
    }**params})`,
  );
  if (task.serializer) lines.push(`${resolveFn(task.serializer)}(__result, product)`);
  return lines.join("\n");
}

/** Code calling one hook with the arguments it names (`task`, `product`, `params`, `traceback`, ...). */
export function hookCode(
  hook: Exclude<HookSpec, (...a: never[]) => unknown>,
  available: Record<string, unknown>,
): string {
  const dotted = typeof hook === "string" ? hook : hook.dotted_path;
  const kwargs = typeof hook === "string"
    ? {}
    : Object.fromEntries(Object.entries(hook).filter(([k]) => k !== "dotted_path"));
  return `${CALL_HELPER}\n__plait_call(${resolveFn(dotted)}, {**${pythonLiteral(available)}, **${
    pythonLiteral(kwargs)
  }})`;
}

/** A traceback without the frames of plait's generated calling code (`__plait_call`). */
export function userTraceback(traceback: readonly string[]): string[] {
  return traceback.filter((frame) => !frame.includes("__plait_call"));
}
