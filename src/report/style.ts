import { stripAnsi } from "../util/mod.ts";

/** ANSI styling that turns itself off (NO_COLOR, not a terminal). */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;

/** A style with colours on or off. */
export function makeStyle(color: boolean): Style {
  if (!color) {
    const id = (s: string) => s;
    return { bold: id, dim: id, red: id, green: id, yellow: id, cyan: id };
  }
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

/** Lays out rows as aligned columns (widths measured without ANSI codes). */
export function table(header: string[], rows: string[][], align: ("l" | "r")[] = []): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => stripAnsi(r[i] ?? "").length)));
  const line = (r: string[]) =>
    r.map((cell, i) => {
      const pad = " ".repeat(widths[i] - stripAnsi(cell).length);
      return align[i] === "r" ? pad + cell : cell + pad;
    }).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
