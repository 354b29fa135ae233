import { computedParamLines, splitParams, upstreamValues } from "../engine/mod.ts";
import { UsageError } from "../errors/mod.ts";
import { type Pipeline, type Product, productPaths, type Task } from "../graph/mod.ts";
import { matchTasks } from "../scheduler/mod.ts";
import { injectIntoFile, pythonLiteral, removeInjectedFromFile } from "../source/mod.ts";
import { dirname, join, relative } from "../util/path.ts";
import { type CliContext, load, out } from "./common.ts";

/** Flags of `nb`. */
export interface NbFlags {
  entry?: string;
  inject?: boolean;
  remove?: boolean;
  /** Which grid point's parameters a grid task's source gets (default: the first). */
  gridIndex?: number;
  /** Keep paths relative to the pipeline folder, exactly as a build passes them. */
  relative?: boolean;
}

function absolute(root: string, product: Product): Product {
  if (typeof product === "string") return join(root, product);
  return Object.fromEntries(Object.entries(product).map(([k, p]) => [k, join(root, p)]));
}

/**
 * What a build injects into `task`: `upstream`, `product`, then the params, with `module::function`
 * params as Python lines (`trailer`) that call the function, as a build does. Paths are made
 * absolute (unless `relativePaths`) so the notebook runs from any working folder: Jupyter starts
 * kernels in the notebook's folder, a build in the pipeline folder.
 */
export function injectedValues(
  pipeline: Pipeline,
  task: Task,
  relativePaths = false,
): { values: Record<string, unknown>; trailer: string } {
  const fix = (p: Product) => (relativePaths ? p : absolute(pipeline.root, p));
  const values = upstreamValues(pipeline, task);
  const upstream = Object.fromEntries(task.upstreamRefs.map((ref) => {
    const v = values[ref.key];
    const group = v as Record<string, Product>;
    return [
      ref.key,
      ref.multi ? Object.fromEntries(Object.entries(group).map(([n, p]) => [n, fix(p)])) : fix(v as Product),
    ];
  }));
  const { literal, computed } = splitParams(task.params);
  let trailer = computedParamLines(computed);
  if (computed.length && !relativePaths) {
    // A build imports from the pipeline folder (the kernel's working folder); Jupyter starts in the
    // notebook's own folder, so the computing modules need the pipeline folder on sys.path.
    const root = pythonLiteral(pipeline.root);
    trailer = `import sys\nif ${root} not in sys.path:\n    sys.path.insert(0, ${root})\n${trailer}`;
  }
  return { values: { upstream, product: fix(task.product), ...literal }, trailer };
}

/** The task whose values go into each source file: per file, the chosen grid point (or the first). */
function tasksBySource(pipeline: Pipeline, names: string[], gridIndex?: number): Map<string, Task> {
  const groups = new Map<string, Task[]>();
  for (const n of names) {
    const t = pipeline.tasks.get(n)!;
    if (t.kind !== "notebook" || !t.sourcePath) continue;
    groups.set(t.sourcePath, [...(groups.get(t.sourcePath) ?? []), t]);
  }
  const chosen = new Map<string, Task>();
  for (const [path, list] of groups) {
    if (gridIndex === undefined) {
      chosen.set(path, list.reduce((a, b) => ((b.grid?.index ?? 0) < (a.grid?.index ?? 0) ? b : a)));
      continue;
    }
    const hit = list.find((t) => t.grid?.index === gridIndex) ??
      (list.some((t) => t.grid) ? undefined : list[0]);
    if (!hit) {
      const names = list.map((t) => t.name);
      throw new UsageError({
        message: `Cannot use --grid-index ${gridIndex} for "${
          relative(pipeline.root, path)
        }": its grid has points ${names[0]} .. ${names.at(-1)}`,
        hint: `pass an index from 0 to ${list.length - 1}`,
      });
    }
    chosen.set(path, hit);
  }
  return chosen;
}

/** Creates the folders of a task's products, as a build does, so the notebook can write them. */
async function makeProductDirs(pipeline: Pipeline, task: Task): Promise<void> {
  for (const p of productPaths(task.product)) {
    await Deno.mkdir(dirname(join(pipeline.root, p)), { recursive: true });
  }
}

/** The task names `patterns` select (every task when none), in pipeline order. */
function selected(pipeline: Pipeline, patterns: string[]): string[] {
  if (!patterns.length) return [...pipeline.order];
  const hits = new Set(patterns.flatMap((p) => matchTasks(pipeline, p)));
  return pipeline.order.filter((n) => hits.has(n));
}

/**
 * `nb --inject / --remove [TASK...]`: writes (or strips) the injected-parameters cell in task
 * sources, so a task can be run by hand in Jupyter with the values a build gives it.
 */
export async function runNb(ctx: CliContext, patterns: string[], flags: NbFlags): Promise<number> {
  if (!!flags.inject === !!flags.remove) {
    throw new UsageError({
      message: `Cannot run "nb": pass exactly one of --inject and --remove`,
      hint: "e.g. plait nb --inject clean",
    });
  }
  const { pipeline } = await load(ctx, flags.entry);
  const chosen = tasksBySource(pipeline, selected(pipeline, patterns), flags.gridIndex);
  if (!chosen.size) {
    out.line("No script or notebook task selected: nothing to do.");
    return 0;
  }
  let changed = 0;
  for (const [path, task] of chosen) {
    if (flags.inject) await makeProductDirs(pipeline, task);
    let did: boolean;
    if (flags.inject) {
      const { values, trailer } = injectedValues(pipeline, task, flags.relative);
      did = await injectIntoFile(path, values, trailer);
    } else did = await removeInjectedFromFile(path);
    const shown = relative(pipeline.root, path);
    const point = task.grid ? ` (parameters of ${task.name})` : "";
    if (did) changed++;
    out.line(
      `${did ? (flags.inject ? "injected" : "removed ") : "unchanged"} ${shown}${flags.inject ? point : ""}`,
    );
  }
  const verb = flags.inject ? "injected parameters into" : "removed injected parameters from";
  out.line(`\n${verb} ${changed} of ${chosen.size} source${chosen.size === 1 ? "" : "s"}.`);
  if (flags.inject && changed) {
    out.line("Run `plait nb --remove` before committing, to keep the sources clean.");
  }
  return 0;
}
