import { UsageError } from "../errors/mod.ts";
import { didYouMean } from "../errors/mod.ts";
import type { Pipeline } from "../graph/mod.ts";
import { globToRegExp, isGlob } from "../util/glob.ts";

/** Every task `names` depend on, directly or not. */
export function ancestors(pipeline: Pipeline, names: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const stack = [...names];
  while (stack.length) {
    for (const u of pipeline.tasks.get(stack.pop()!)?.upstream ?? []) {
      if (!out.has(u)) {
        out.add(u);
        stack.push(u);
      }
    }
  }
  return out;
}

/** Task names matching a name or glob; a UsageError (with "did you mean") when none does. */
export function matchTasks(pipeline: Pipeline, pattern: string): string[] {
  if (!isGlob(pattern)) {
    if (pipeline.tasks.has(pattern)) return [pattern];
    const group = pipeline.order.filter((n) => pipeline.tasks.get(n)!.grid?.group === pattern);
    if (group.length) return group;
  } else {
    const re = globToRegExp(pattern);
    const hits = pipeline.order.filter((n) => re.test(n));
    if (hits.length) return hits;
  }
  throw new UsageError({
    message: `Cannot find task "${pattern}" in the pipeline${didYouMean(pattern, pipeline.tasks.keys())}`,
    hint: "`status` lists every task; quote globs such as 'fit-*'",
  });
}

/**
 * The tasks a `--partially PATTERN` build considers: the matches and, unless `skipUpstream`,
 * everything they depend on.
 */
export function selectPartial(pipeline: Pipeline, pattern: string, skipUpstream = false): Set<string> {
  const hits = matchTasks(pipeline, pattern);
  const out = new Set(hits);
  if (!skipUpstream) { for (const a of ancestors(pipeline, hits)) out.add(a); }
  return out;
}
