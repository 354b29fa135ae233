import { type Issue, RuntimeError } from "../errors/mod.ts";
import {
  type ComputedParam,
  computedParam,
  type ComputedValue,
  evaluatedParam,
  type Pipeline,
  type Task,
} from "../graph/mod.ts";
import { resolveKernelSpec } from "../kernel/mod.ts";
import { pythonLiteral } from "../source/mod.ts";
import { stableJson } from "../util/mod.ts";

/**
 * Calls every call, in order, with stdout sent to stderr (so prints do not garble the answer), and
 * writes one JSON list: for each call its value's repr, whether the repr reads back as an equal
 * literal, and a digest of the value; or the exception.
 */
const EVALUATOR = `
import ast, hashlib, importlib, json, pickle, sys, traceback
__out, sys.stdout = sys.stdout, sys.stderr
def __digest(v, r, literal):
    if not literal:
        try:
            return hashlib.sha256(pickle.dumps(v)).hexdigest()
        except Exception:
            pass
    return hashlib.sha256(r.encode()).hexdigest()
def __one(module, fn, kwargs):
    try:
        v = getattr(importlib.import_module(module), fn)(**kwargs)
    except BaseException as e:
        return {"error": "".join(traceback.format_exception_only(type(e), e)).strip(),
                "traceback": traceback.format_exc()}
    r = repr(v)
    try:
        back = ast.literal_eval(r)
        literal = type(back) is type(v) and back == v
    except Exception:
        literal = False
    return {"repr": r, "literal": literal, "digest": __digest(v, r, literal)}
__out.write(json.dumps([__one(*c) for c in CALLS]))
`;

function callKey(call: ComputedParam): string {
  return stableJson([call.module, call.fn, call.kwargs]);
}

/**
 * Evaluates every computed param (`module::function`, or `{dotted_path: ..., kwarg: ...}`) of `tasks`
 * in ONE Python process of the kernel's interpreter, started in the pipeline folder (as kernels are),
 * each distinct call once; returns the pipeline with those params carrying their values, so a new
 * value changes the task's fingerprint and the injected cell shows it. A pipeline without computed
 * params is returned as is, without starting Python. A call that raises is a {@link RuntimeError}.
 */
export async function evaluateComputedParams(
  pipeline: Pipeline,
  opts: { python?: string; tasks?: Iterable<Task> } = {},
): Promise<Pipeline> {
  const calls = new Map<string, ComputedParam>();
  const users = new Map<string, string[]>();
  for (const task of opts.tasks ?? pipeline.tasks.values()) {
    for (const [name, v] of Object.entries(task.params)) {
      const call = computedParam(v);
      if (!call || call.value) continue;
      calls.set(callKey(call), call);
      users.set(callKey(call), [...(users.get(callKey(call)) ?? []), `${task.name}.${name}`]);
    }
  }
  if (calls.size === 0) return pipeline;
  const values = await runEvaluator(pipeline, [...calls.values()], opts.python);
  const issues: Issue[] = [];
  const byKey = new Map<string, ComputedValue>();
  [...calls.keys()].forEach((key, i) => {
    const v = values[i];
    if ("error" in v) {
      const c = calls.get(key)!;
      issues.push({
        location: { file: pipeline.file },
        message: `Cannot compute param ${
          users.get(key)!.join(", ")
        }: ${c.module}::${c.fn}() raised ${v.error}`,
        hint:
          `plait calls it before the build (in ${pipeline.root}) to know the value;\n${v.traceback.trimEnd()}`,
      });
    } else byKey.set(key, v);
  });
  if (issues.length) throw new RuntimeError(issues);
  const tasks = new Map<string, Task>();
  for (const [name, task] of pipeline.tasks) {
    let params: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(task.params)) {
      const call = computedParam(v);
      const value = call && !call.value ? byKey.get(callKey(call)) : undefined;
      if (call && value) (params ??= { ...task.params })[k] = evaluatedParam(call, value);
    }
    tasks.set(name, params ? { ...task, params } : task);
  }
  return { ...pipeline, tasks };
}

type Answer = ComputedValue | { error: string; traceback: string };

async function runEvaluator(pipeline: Pipeline, calls: ComputedParam[], python?: string): Promise<Answer[]> {
  const spec = await resolveKernelSpec({ python, kernelName: pipeline.options.kernel ?? "python3" });
  const list = calls.map((c) =>
    `(${pythonLiteral(c.module)}, ${pythonLiteral(c.fn)}, ${pythonLiteral(c.kwargs)})`
  );
  const program = `import sys\nsys.path.insert(0, "")\nCALLS = [${list.join(", ")}]\n${EVALUATOR}`;
  const child = new Deno.Command(spec.argv[0], {
    args: ["-"],
    cwd: pipeline.root,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(program));
  await writer.close();
  const out = await child.output();
  const text = new TextDecoder().decode(out.stdout);
  try {
    const answers = JSON.parse(text) as Answer[];
    if (Array.isArray(answers) && answers.length === calls.length) return answers;
  } catch {
    // reported below
  }
  throw new RuntimeError({
    location: { file: pipeline.file },
    message: `Cannot compute the pipeline's computed params: ${spec.argv[0]} exited with code ${out.code}`,
    hint: new TextDecoder().decode(out.stderr).trim().split("\n").slice(-8).join("\n"),
  });
}
