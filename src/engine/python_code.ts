import { type ComputedParam, computedParam, type Task } from "../graph/mod.ts";
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

/**
 * Python assigning `name` the params dict, its computed values included (the same expressions a
 * script's injected cell uses).
 */
export function paramsCode(name: string, params: Readonly<Record<string, unknown>>): string {
  const { literal, computed } = splitParams(params);
  return [
    `${name} = ${pythonLiteral(literal)}`,
    ...computed.map(([key, expression]) => `${name}[${pythonLiteral(key)}] = ${expression}`),
  ].join("\n");
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
  const lines = [
    CALL_HELPER,
    `upstream = ${pythonLiteral(values.upstream)}`,
    `product = ${pythonLiteral(values.product)}`,
    paramsCode("params", task.params),
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

/** A traceback without the frames of plait's generated calling code (`__plait_call`). */
export function userTraceback(traceback: readonly string[]): string[] {
  return traceback.filter((frame) => !frame.includes("__plait_call"));
}
