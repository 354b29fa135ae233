import type { z } from "../deps.ts";
import type { Issue } from "../errors/mod.ts";
import { zodIssues } from "./_zod_issues.ts";
import { MetaSchema, PipelineTopSchema, TaskSchema } from "./schema.ts";
import type { LocatedYaml } from "./yaml_value.ts";

const TOP_KEYS = Object.keys(PipelineTopSchema.shape);
const TASK_KEYS = Object.keys(TaskSchema.shape);
const META_KEYS = Object.keys(MetaSchema.shape);

/** Keys allowed at a path of pipeline.yaml, for "did you mean". */
function knownKeys(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return TOP_KEYS;
  if (path[0] === "meta") return META_KEYS;
  if (path[0] === "tasks" && path.length === 2) return TASK_KEYS;
  return [];
}

/**
 * Validates `value` (found at `base` in the YAML document) and reports every zod issue, located.
 * When only some keys are wrong, those keys are dropped and the rest is returned, so one
 * mistake does not hide the problems after it; `undefined` when what is left is still invalid.
 */
export function parseLenient<S extends z.ZodType>(
  schema: S,
  value: unknown,
  base: readonly PropertyKey[],
  yaml: LocatedYaml,
  file: string,
  issues: Issue[],
): z.infer<S> | undefined {
  let current = value;
  for (let attempt = 0; attempt < 2; attempt++) {
    const r = schema.safeParse(current, { reportInput: true });
    if (r.success) return r.data;
    if (attempt > 0 || !current || typeof current !== "object" || Array.isArray(current)) {
      if (attempt === 0) {
        for (const zi of r.error.issues) issues.push(...zodIssues(zi, base, yaml, file, knownKeys));
      }
      return;
    }
    const bad = new Set<string>();
    for (const zi of r.error.issues) {
      issues.push(...zodIssues(zi, base, yaml, file, knownKeys));
      if (zi.code === "unrecognized_keys" && zi.path.length === 0) zi.keys.forEach((k) => bad.add(k));
      else if (zi.path.length) bad.add(String(zi.path[0]));
    }
    current = Object.fromEntries(Object.entries(current).filter(([k]) => !bad.has(k)));
  }
}
