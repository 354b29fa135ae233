import type { Issue, SourceLocation } from "../errors/mod.ts";
import { pythonStr } from "../util/mod.ts";
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

/**
 * Fills `[[key]]` placeholders. A key some other grid block has (`known`) but this point lacks
 * renders empty, as jinja's default undefined does in Ploomber; a key no block has is reported.
 */
function fill(
  template: string,
  values: Record<string, unknown>,
  onMissing: (name: string) => void,
  known?: ReadonlySet<string>,
): string {
  return template.replace(PLACEHOLDER, (_, key: string) => {
    if (key in values) return pythonStr(values[key]);
    if (known?.has(key)) return "";
    onMissing(key);
    return `[[${key}]]`;
  });
}

/** True when the text holds a `[[param]]` placeholder. */
export function hasPlaceholder(text: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return PLACEHOLDER.test(text);
}

/**
 * `out/fit.ipynb` -> `out/fit-3.ipynb`, as Ploomber 0.23 numbers every grid product: the index goes
 * before all of the file name's suffixes (`a.tar.gz` -> `a-3.tar.gz`; Python's `Path.suffixes`), and
 * is added before the placeholders are filled, so a value's own dots never count as a suffix.
 */
export function withIndex(path: string, index: number): string {
  const slash = path.lastIndexOf("/");
  const base = path.slice(slash + 1);
  const suffixes = base.endsWith(".") ? [] : base.replace(/^\.+/, "").split(".").slice(1);
  const suffix = suffixes.map((s) => `.${s}`).join("");
  const stem = suffix ? base.replaceAll(suffix, "") : base;
  return `${path.slice(0, slash + 1)}${stem}-${index}${suffix}`;
}

/** The name of a grid group's members before the index or placeholders are filled in. */
export function gridGroupName(name: string): string {
  return name.replace(PLACEHOLDER, "").replace(/[-_]+$/, "") || name;
}

/**
 * The name of grid point `index`, as Ploomber names them: placeholders filled in when the
 * name has any (`fit-[[alpha]]` -> `fit-0.1`; a key in `known` this point lacks renders empty),
 * else the name followed by the index (`fit-` -> `fit-0`, `fit` -> `fit0`).
 */
export function gridPointName(
  name: string,
  values: Record<string, unknown>,
  index: number,
  known?: ReadonlySet<string>,
): string {
  return hasPlaceholder(name) ? fill(name, values, () => {}, known) : `${name}${index}`;
}

/**
 * Expands a task over its grid as Ploomber 0.23 does: names `fit-0..N` (or `fit-[[param]]`), every
 * product path numbered with the point's index (`out/fit-[[a]].csv` -> `out/fit-0.5-0.csv`) and its
 * `[[param]]` placeholders filled. A placeholder that one block of a grid list lacks renders empty;
 * one that no block has becomes an issue, located at the name or product.
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
  const known = new Set(keys);
  if (hasPlaceholder(name)) combos.forEach((values) => fill(name, values, missing("name"), known));
  const entries = typeof product === "string" ? [["", product] as const] : Object.entries(product);
  const columns = entries.map(([key, template]) =>
    [key, combos.map((values, i) => fill(withIndex(template, i), values, missing("product"), known))] as const
  );
  return combos.map((values, index) => ({
    name: gridPointName(name, values, index, known),
    index,
    values,
    product: typeof product === "string"
      ? columns[0][1][index]
      : Object.fromEntries(columns.map(([key, paths]) => [key, paths[index]])),
  }));
}
