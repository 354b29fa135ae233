import type { Issue, SourceLocation } from "../errors/mod.ts";
import { pythonStr } from "../util/mod.ts";
import { normalize } from "../util/path.ts";
import type { GridSpec, Product } from "./types.ts";

const PLACEHOLDER = /\[\[\s*([A-Za-z_][A-Za-z0-9_]*)\s*\]\]/g;

/** One expanded grid point. */
export interface GridPoint {
  readonly name: string;
  readonly index: number;
  readonly values: Record<string, unknown>;
  readonly product: Product;
}

/** Where the parts of a grid task were written, for placeholder issues. */
export interface GridLocations {
  readonly grid: SourceLocation;
  readonly name?: SourceLocation;
  readonly product?: SourceLocation;
}

/** Every combination of a grid, in a stable order (keys in declaration order, last key fastest). */
export function gridCombinations(grid: GridSpec): Record<string, unknown>[] {
  const blocks = Array.isArray(grid) ? grid : [grid];
  const out: Record<string, unknown>[] = [];
  for (const block of blocks as Record<string, readonly unknown[]>[]) {
    let combos: Record<string, unknown>[] = [{}];
    for (const [key, values] of Object.entries(block)) {
      const list = Array.isArray(values) ? values : [values];
      combos = combos.flatMap((c) => list.map((v) => ({ ...c, [key]: v })));
    }
    out.push(...combos);
  }
  return out;
}

function fill(template: string, values: Record<string, unknown>, onMissing: (name: string) => void): string {
  return template.replace(PLACEHOLDER, (_, key: string) => {
    if (!(key in values)) {
      onMissing(key);
      return `[[${key}]]`;
    }
    return pythonStr(values[key]);
  });
}

/** True when the text holds a `[[param]]` placeholder. */
export function hasPlaceholder(text: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return PLACEHOLDER.test(text);
}

/** `out/fit.ipynb` -> `out/fit-3.ipynb` (every suffix kept, as Ploomber does: `a.tar.gz` -> `a-3.tar.gz`). */
function withIndex(path: string, index: number): string {
  const slash = path.lastIndexOf("/");
  const dot = path.indexOf(".", slash + 2);
  if (dot > slash + 1) return `${path.slice(0, dot)}-${index}${path.slice(dot)}`;
  return `${path}-${index}`;
}

/** The name of a grid group's members before the index or placeholders are filled in. */
export function gridGroupName(name: string): string {
  return name.replace(PLACEHOLDER, "").replace(/[-_]+$/, "") || name;
}

/**
 * The name of grid point `index`, as Ploomber names them: placeholders filled in when the
 * name has any (`fit-[[alpha]]` -> `fit-0.1`), else the name followed by the index
 * (`fit-` -> `fit-0`, `fit` -> `fit0`).
 */
export function gridPointName(name: string, values: Record<string, unknown>, index: number): string {
  return hasPlaceholder(name) ? fill(name, values, () => {}) : `${name}${index}`;
}

/**
 * Fills one product path for every point. The index is appended where the filled paths
 * would not be unique (no placeholder, or placeholders that do not tell the points apart).
 */
function productColumn(
  template: string,
  combos: Record<string, unknown>[],
  onMissing: (key: string) => void,
): string[] {
  const filled = combos.map((values) =>
    hasPlaceholder(template) ? fill(template, values, onMissing) : template
  );
  const unique = new Set(filled.map(normalize)).size === filled.length;
  return unique ? filled : filled.map((p, i) => withIndex(p, i));
}

/**
 * Expands a task over its grid: names `fit-0..N` (or `fit-[[param]]`), products with
 * `[[param]]` filled in, or an index suffix where no placeholder makes a path unique.
 * Placeholders naming no grid key become issues, located at the name or product.
 */
export function expandGrid(
  name: string,
  grid: GridSpec,
  product: Product,
  where: SourceLocation | GridLocations,
  issues: Issue[],
): GridPoint[] {
  const at: GridLocations = "grid" in where ? where : { grid: where };
  const combos = gridCombinations(grid);
  if (combos.length === 0) {
    issues.push({
      location: at.grid,
      message: `Cannot expand grid of task "${name}": it has no values`,
      hint: "give each grid key a non-empty list",
    });
    return [];
  }
  const keys = [...new Set(combos.flatMap((c) => Object.keys(c)))];
  const reported = new Set<string>();
  const missing = (field: "name" | "product") => (key: string) => {
    if (reported.has(`${field}:${key}`)) return;
    reported.add(`${field}:${key}`);
    issues.push({
      location: at[field] ?? at.grid,
      message:
        `Cannot fill placeholder "[[${key}]]" in the ${field} of task "${name}": the grid has no "${key}"`,
      hint: `grid keys are: ${keys.join(", ") || "(none)"}`,
    });
  };
  if (hasPlaceholder(name)) combos.forEach((values) => fill(name, values, missing("name")));
  const entries = typeof product === "string" ? [["", product] as const] : Object.entries(product);
  const columns = entries.map(([key, template]) =>
    [key, productColumn(template, combos, missing("product"))] as const
  );
  return combos.map((values, index) => ({
    name: gridPointName(name, values, index),
    index,
    values,
    product: typeof product === "string"
      ? columns[0][1][index]
      : Object.fromEntries(columns.map(([key, paths]) => [key, paths[index]])),
  }));
}
