import { stripAnsi } from "../util/mod.ts";
import { table } from "./style.ts";
import { fitWidth, truncateMiddle } from "./_text.ts";

/** How a column may give way when a table is wider than the terminal. */
export type ColumnFit =
  | "keep"
  /** Cut in the middle (`output/…/metrics.json`): paths keep both ends. */
  | "middle"
  /** Cut at the end with `…`. */
  | "end"
  /** Left out entirely, before anything is cut. */
  | "drop";

/** Options for {@link fitTable}. */
export interface FitTableOptions {
  /** Terminal width in columns; undefined: full width (piped output, `--wide`). */
  width?: number;
  /** Per column, how it gives way (default `keep`). Dropped columns go first, left to right. */
  fit: readonly ColumnFit[];
  align?: ("l" | "r")[];
  /** A cut column keeps at least this many characters (default 12). */
  minWidth?: number;
}

const GAP = 2;
const len = (s: string) => stripAnsi(s).length;

function naturalWidths(header: readonly string[], rows: readonly string[][]): number[] {
  return header.map((h, i) => Math.max(len(h), ...rows.map((r) => len(r[i] ?? ""))));
}

const total = (widths: readonly number[]) => widths.reduce((a, w) => a + w, 0) + GAP * (widths.length - 1);

/**
 * Lays rows out as {@link table} does, fitted to `width`: first the `drop` columns go, then the
 * `middle`/`end` columns shrink from the right, each to `minWidth` before the next (their cells
 * cut to match), and a last resort cuts each line.
 */
export function fitTable(header: string[], rows: string[][], opts: FitTableOptions): string {
  if (opts.width === undefined) return table(header, rows, opts.align);
  let keep = header.map((_, i) => i);
  let widths = naturalWidths(header, rows);
  for (let i = 0; i < header.length && total(keep.map((k) => widths[k])) > opts.width; i++) {
    if (opts.fit[i] === "drop") keep = keep.filter((k) => k !== i);
  }
  const pick = <T>(r: readonly T[]) => keep.map((k) => r[k]);
  const fits = pick(opts.fit);
  const min = opts.minWidth ?? 12;
  widths = pick(widths);
  // Shrink cuttable columns right to left, each down to `min` before the next gives way.
  for (let i = widths.length - 1; i >= 0 && total(widths) > opts.width; i--) {
    if (fits[i] !== "middle" && fits[i] !== "end") continue;
    widths[i] = Math.max(Math.min(min, widths[i]), widths[i] - (total(widths) - opts.width));
  }
  const cut = (cell: string, i: number) => {
    if (len(cell) <= widths[i]) return cell;
    const plain = stripAnsi(cell);
    return fits[i] === "middle" ? truncateMiddle(plain, widths[i]) : fitWidth(plain, widths[i]);
  };
  const text = table(
    pick(header).map(cut),
    rows.map((r) => pick(r).map(cut)),
    opts.align && pick(opts.align),
  );
  return text.split("\n").map((l) => fitWidth(l, opts.width!)).join("\n");
}
