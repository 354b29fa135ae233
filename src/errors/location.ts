/** A place in a user's file: 1-based line and column. */
export interface SourceLocation {
  /** Path as shown to the user (relative to the current directory where possible). */
  file: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  col?: number;
}

/** `file:line:col`, dropping the parts that are unknown. */
export function formatLocation(loc: SourceLocation | undefined): string {
  if (!loc) return "";
  let out = loc.file;
  if (loc.line !== undefined) {
    out += `:${loc.line}`;
    if (loc.col !== undefined) out += `:${loc.col}`;
  }
  return out;
}

/** Line and column (1-based) of a character offset in `text`. */
export function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, col: end - last };
}
