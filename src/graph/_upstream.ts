import { didYouMean, type Issue, PlaitError, type SourceLocation } from "../errors/mod.ts";
import { globToRegExp, isGlob } from "../util/glob.ts";
import { mapPool } from "../util/pool.ts";
import type { Instance } from "./_instances.ts";
import type { UpstreamRef } from "./types.ts";

/** What a source's parameters cell declares: names (globs allowed) and where they were written. */
export interface UpstreamDeclaration {
  readonly names: readonly string[];
  readonly location?: SourceLocation;
}

/**
 * Reads a Python source's declared upstream (a script's parameters cell, or with `functionName` the
 * `upstream["name"]` subscripts in that function's body); `undefined` when it declares none.
 */
export type ExtractUpstream = (
  sourcePath: string,
  functionName?: string,
) => Promise<readonly string[] | UpstreamDeclaration | undefined>;

/** Upstream names of one instance and where each was written. */
export interface Declared {
  names: readonly string[];
  locations: readonly SourceLocation[];
}

function fromDefinition(inst: Instance): Declared | undefined {
  const names = inst.def.options.upstream;
  if (!names) return;
  const f = inst.def.where.fields ?? {};
  const base = f.upstream ?? inst.def.where.task;
  return { names, locations: names.map((_, i) => f[`upstream.${i}`] ?? base) };
}

/**
 * Each instance's upstream names: as declared in the definition, else read from its source
 * (once per file). Unreadable sources become issues, reported once per file.
 */
export async function declaredUpstream(
  instances: Instance[],
  extract: ExtractUpstream | undefined,
  issues: Issue[],
): Promise<Map<Instance, Declared>> {
  const out = new Map<Instance, Declared>();
  const cache = new Map<string, Promise<Declared | undefined>>();
  const read = async (path: string, fn: string | undefined, fallback: SourceLocation) => {
    const got = await extract!(path, fn);
    if (!got) return;
    const decl = "names" in got ? got : { names: got as readonly string[] };
    const at = decl.location ?? fallback;
    return { names: decl.names, locations: decl.names.map(() => at) };
  };
  const failed = new Set<string>();
  await mapPool(instances, 32, async (inst) => {
    const own = fromDefinition(inst);
    if (own) return void out.set(inst, own);
    if (!extract || !inst.kind || inst.kind.kind === "typescript") return;
    const path = inst.kind.sourcePath;
    const fn = inst.kind.kind === "function" ? inst.kind.dottedPath.split(".").pop() : undefined;
    const key = fn === undefined ? path : `${path}\0${fn}`;
    if (!cache.has(key)) cache.set(key, read(path, fn, inst.def.where.task));
    try {
      const got = await cache.get(key)!;
      if (got) out.set(inst, got);
    } catch (e) {
      if (!(e instanceof PlaitError)) throw e;
      if (failed.has(key)) return;
      failed.add(key);
      issues.push(...e.issues);
    }
  });
  return out;
}

/** Grid group name (and the grid task's own name) -> member task names. */
export function groupMembers(instances: Instance[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const inst of instances) {
    if (!inst.grid) continue;
    for (const key of new Set([inst.def.name, inst.grid.group])) {
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(inst.name);
    }
  }
  return groups;
}

/** Names that resolve references: task names, grid groups, and names whose definitions were dropped. */
export interface NameTable {
  byName: ReadonlyMap<string, Instance>;
  groups: ReadonlyMap<string, string[]>;
  /** Tasks whose definitions had problems already reported: references to them are not reported again. */
  dropped: ReadonlySet<string>;
}

/** True when `b` is `a` with two neighbouring letters swapped (`claen` / `clean`). */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] &&
    a[diff[1]] === b[diff[0]];
}

/** ` (did you mean "x"?)`, also catching a swap of two letters, the commonest typo. */
export function suggestName(word: string, candidates: readonly string[]): string {
  const near = didYouMean(word, candidates);
  if (near) return near;
  const swap = candidates.find((c) => swapped(word, c));
  return swap ? ` (did you mean "${swap}"?)` : "";
}

/**
 * Resolves one instance's upstream names to tasks; unknown names become issues with "did you
 * mean". `reported` keeps grid points of one definition from repeating the same issue.
 */
export function resolveRefs(
  inst: Instance,
  declared: Declared | undefined,
  table: NameTable,
  issues: Issue[],
  reported: Set<string> = new Set(),
): UpstreamRef[] {
  const refs: UpstreamRef[] = [];
  const report = (key: string, issue: Issue) => {
    const id = `${inst.def.name}\0${key}\0${inst.kind?.kind === "notebook" ? inst.kind.sourcePath : ""}`;
    if (reported.has(id)) return;
    reported.add(id);
    issues.push(issue);
  };
  (declared?.names ?? []).forEach((key, i) => {
    const location = declared!.locations[i];
    if (isGlob(key)) {
      const re = globToRegExp(key);
      const tasks = [...table.byName.keys()].filter((n) => n !== inst.name && re.test(n)).sort();
      if (tasks.length) refs.push({ key, tasks, multi: true });
      else {
        report(key, {
          location,
          message: `Cannot resolve upstream "${key}" of task "${
            inst.grid ? inst.def.name : inst.name
          }": no task matches it`,
          hint: `task names are: ${[...table.byName.keys()].slice(0, 8).join(", ")}${
            table.byName.size > 8 ? ", ..." : ""
          }`,
        });
      }
    } else if (key === inst.name || (inst.grid && (key === inst.def.name || key === inst.grid.group))) {
      report(key, {
        location,
        message: `Cannot use "${key}" as an upstream of task "${inst.name}": it is the task itself`,
        hint: "remove it from upstream",
      });
    } else if (table.byName.has(key)) refs.push({ key, tasks: [key], multi: false });
    else if (table.groups.has(key)) {
      refs.push({ key, tasks: [...table.groups.get(key)!].sort(), multi: true });
    } else if (!table.dropped.has(key)) {
      const known = [...table.byName.keys(), ...table.groups.keys()].filter((n) => n !== inst.name);
      report(key, {
        location,
        message: `unknown upstream "${key}" in task "${inst.grid ? inst.def.name : inst.name}"${
          suggestName(key, known)
        }`,
        hint: 'name a task defined in this pipeline (or a glob such as "fit-*")',
      });
    }
  });
  return refs;
}
