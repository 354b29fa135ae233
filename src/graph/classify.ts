import type { Issue } from "../errors/mod.ts";
import { extname, resolve } from "../util/path.ts";
import type { TaskDefinition } from "./types.ts";

/** What a task's source turned out to be. */
export type SourceKind =
  | { kind: "notebook"; sourcePath: string }
  | { kind: "function"; sourcePath: string; dottedPath: string }
  | { kind: "typescript" };

const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;
const NOTEBOOK_EXT = new Set([".py", ".ipynb"]);

/** Decides a definition's source kind and checks its files exist; problems go to `issues`. */
export function classifySource(
  def: TaskDefinition,
  root: string,
  exists: (path: string) => boolean,
  issues: Issue[],
): SourceKind | undefined {
  const { source, run, product } = def.options;
  const at = (field: string) => def.where.fields?.[field] ?? def.where.task;
  if (product === undefined || product === null) {
    issues.push({
      location: at("product"),
      message: `Cannot define task "${def.name}": it has no product`,
      hint: "add product: a path, or named paths like {nb: output/x.ipynb, data: output/x.csv}",
    });
    return;
  }
  if (run && source) {
    issues.push({
      location: at("source"),
      message: `Cannot define task "${def.name}" with both source and run`,
      hint: "keep one of them",
    });
    return;
  }
  if (run) return { kind: "typescript" };
  if (!source) {
    issues.push({
      location: at("task"),
      message: `Cannot define task "${def.name}": it has no source`,
      hint:
        "add source: tasks/<name>.py (a percent-format script), a .ipynb, or a dotted path to a Python function",
    });
    return;
  }
  const ext = extname(source);
  if (NOTEBOOK_EXT.has(ext)) {
    const sourcePath = resolve(root, source);
    if (!exists(sourcePath)) {
      issues.push({
        location: at("source"),
        message: `Cannot find source "${source}" of task "${def.name}"`,
        hint: "create it with `plait scaffold`, or fix the path (relative to the pipeline folder)",
      });
      return;
    }
    if (typeof product === "object" && !("nb" in product) && def.options.notebook !== false) {
      issues.push({
        location: at("product"),
        message: `Cannot define task "${def.name}": a script task with named products needs an "nb" product`,
        hint: "add nb: output/<name>.ipynb (the executed notebook), or run it without one " +
          "(`class: ScriptRunner` in pipeline.yaml, `notebook: false` in pipeline.ts)",
      });
      return;
    }
    return { kind: "notebook", sourcePath };
  }
  if (DOTTED.test(source)) {
    const parts = source.split(".");
    const modulePath = resolve(root, ...parts.slice(0, -1));
    const candidates = [`${modulePath}.py`, `${modulePath}/__init__.py`];
    const found = candidates.find(exists);
    if (!found) {
      issues.push({
        location: at("source"),
        message: `Cannot find module of function "${source}" for task "${def.name}": looked for ${
          parts.slice(0, -1).join("/")
        }.py`,
        hint: "dotted paths are resolved from the pipeline folder",
      });
      return;
    }
    return { kind: "function", sourcePath: found, dottedPath: source };
  }
  issues.push({
    location: at("source"),
    message: `Cannot use source "${source}" of task "${def.name}": unsupported kind`,
    hint: "use a percent-format .py script, a .ipynb notebook, or a dotted path such as tasks.features.sepal",
  });
}
