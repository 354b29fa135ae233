import { formatLocation, type Issue } from "../errors/mod.ts";
import { normalize } from "../util/path.ts";
import { classifySource, type SourceKind } from "./classify.ts";
import { expandGrid, gridGroupName, hasPlaceholder } from "./grid.ts";
import type { Product, Task, TaskDefinition } from "./types.ts";

/** One task after grid expansion, before upstream resolution. */
export interface Instance {
  name: string;
  def: TaskDefinition;
  /** Undefined when the source has a problem (already reported); the name still takes part in checks. */
  kind?: SourceKind;
  product: Product;
  params: Record<string, unknown>;
  grid?: Task["grid"];
}

/**
 * Classifies and grid-expands every definition. Definitions without a usable product are
 * left out, and their names returned in `dropped` so references to them are not reported twice.
 */
export function expandDefinitions(
  defs: readonly TaskDefinition[],
  root: string,
  exists: (p: string) => boolean,
  issues: Issue[],
): { instances: Instance[]; dropped: Set<string> } {
  const instances: Instance[] = [];
  const dropped = new Set<string>();
  for (const def of defs) {
    const kind = classifySource(def, root, exists, issues);
    const { product, grid } = def.options;
    if (product === undefined || product === null) {
      dropped.add(def.name);
      continue;
    }
    const params = { ...(def.options.params ?? {}) };
    if (!grid) {
      instances.push({ name: def.name, def, kind, product, params });
      continue;
    }
    const f = def.where.fields ?? {};
    const where = {
      grid: f.grid ?? def.where.task,
      name: f.name ?? def.where.task,
      product: f.product ?? def.where.task,
    };
    for (const point of expandGrid(def.name, grid, product, where, issues)) {
      instances.push({
        name: point.name,
        def,
        kind,
        product: point.product,
        params: { ...params, ...point.values },
        grid: { group: gridGroupName(def.name), index: point.index, values: point.values },
      });
    }
  }
  return { instances, dropped };
}

/** The first instance of each name; later ones with the same name become issues. */
export function checkNames(instances: Instance[], issues: Issue[]): Map<string, Instance> {
  const byName = new Map<string, Instance>();
  const clashingGrids = new Set<TaskDefinition>();
  for (const inst of instances) {
    const first = byName.get(inst.name);
    if (!first) {
      byName.set(inst.name, inst);
      continue;
    }
    if (first.def === inst.def) {
      // An unfilled [[placeholder]] in the name is reported by the grid expansion already.
      if (clashingGrids.has(inst.def) || hasPlaceholder(inst.name)) continue;
      clashingGrids.add(inst.def);
      issues.push({
        location: inst.def.where.fields?.name ?? inst.def.where.task,
        message: `Cannot name the grid points of task "${inst.def.name}": several are named "${inst.name}"`,
        hint:
          "put a [[placeholder]] for every grid key that varies in the name, or drop the placeholders to number them",
      });
      continue;
    }
    issues.push({
      location: inst.def.where.fields?.name ?? inst.def.where.task,
      message: `Cannot add task "${inst.name}": a task of that name is already defined at ${
        formatLocation(first.def.where.task)
      }`,
      hint: inst.def.where.fields
        ? "give each task a unique name with `name:`"
        : "give each task a unique name",
    });
  }
  return byName;
}

/** Two tasks writing the same file is an error (compared after normalising `./` and `..`). */
export function checkProducts(instances: Instance[], byName: Map<string, Instance>, issues: Issue[]): void {
  const owner = new Map<string, string>();
  const reported = new Set<string>();
  for (const inst of instances) {
    if (byName.get(inst.name) !== inst) continue;
    const entries = typeof inst.product === "string" ? [["", inst.product]] : Object.entries(inst.product);
    for (const [field, p] of entries) {
      const key = normalize(p);
      const prev = owner.get(key);
      if (prev === undefined) {
        owner.set(key, inst.name);
        continue;
      }
      if (inst.grid && reported.has(`${inst.def.name}\0${key}`)) continue;
      reported.add(`${inst.def.name}\0${key}`);
      issues.push({
        location: inst.def.where.fields?.[field ? `product.${field}` : "product"] ??
          inst.def.where.fields?.product ??
          inst.def.where.task,
        message: `Cannot use product "${p}" for task "${inst.name}": task "${prev}" writes it too`,
        hint: "give each task its own product paths",
      });
    }
  }
}
