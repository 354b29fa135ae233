import type { Issue, SourceLocation } from "../errors/mod.ts";
import type { GridSpec, Product } from "./types.ts";

const PLACEHOLDER = /\[\[\s*([A-Za-z_][A-Za-z0-9_]*)\s*\]\]/g;

/** One expanded grid point. */
export interface GridPoint {
  readonly name: string;
  readonly index: number;
  readonly values: Record<string, unknown>;
  readonly product: Product;
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

function placeholderText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function fill(template: string, values: Record<string, unknown>, onMissing: (name: string) => void): string {
  return template.replace(PLACEHOLDER, (_, key: string) => {
    if (!(key in values)) {
      onMissing(key);
      return `[[${key}]]`;
    }
    return placeholderText(values[key]);
  });
}

/** True when the text holds a `[[param]]` placeholder. */
export function hasPlaceholder(text: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return PLACEHOLDER.test(text);
}

function withIndex(path: string, index: number): string {
  const slash = path.lastIndexOf("/");
  const dot = path.lastIndexOf(".");
  if (dot > slash + 1) return `${path.slice(0, dot)}-${index}${path.slice(dot)}`;
  return `${path}-${index}`;
}

/** The name of a grid group's members before the index or placeholders are filled in. */
export function gridGroupName(name: string): string {
  return name.replace(PLACEHOLDER, "").replace(/[-_]+$/, "") || name;
}

/**
 * Expands a task over its grid: names `fit-0..N` (or `fit-[[param]]`), products with
 * `[[param]]` filled in, or an index suffix where no placeholder makes a path unique.
 */
export function expandGrid(
  name: string,
  grid: GridSpec,
  product: Product,
  where: SourceLocation,
  issues: Issue[],
): GridPoint[] {
  const combos = gridCombinations(grid);
  if (combos.length === 0) {
    issues.push({ location: where, message: `Cannot expand grid of task "${name}": it has no values`, hint: "give each grid key a non-empty list" });
    return [];
  }
  const reported = new Set<string>();
  const missing = (field: string) => (key: string) => {
    if (reported.has(`${field}:${key}`)) return;
    reported.add(`${field}:${key}`);
    issues.push({
      location: where,
      message: `Cannot fill placeholder "[[${key}]]" in ${field} of task "${name}": the grid has no "${key}"`,
      hint: `grid keys are: ${Object.keys(combos[0]).join(", ") || "(none)"}`,
    });
  };
  const namePattern = hasPlaceholder(name);
  return combos.map((values, index) => {
    const pointName = namePattern ? fill(name, values, missing("name")) : name.endsWith("-") ? `${name}${index}` : `${name}-${index}`;
    const path = (p: string) => hasPlaceholder(p) ? fill(p, values, missing("product")) : withIndex(p, index);
    const pointProduct: Product = typeof product === "string"
      ? path(product)
      : Object.fromEntries(Object.entries(product).map(([k, p]) => [k, path(p)]));
    return { name: pointName, index, values, product: pointProduct };
  });
}
