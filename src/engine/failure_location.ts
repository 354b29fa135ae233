import type { FailureLocation } from "../scheduler/mod.ts";
import { stripAnsi } from "../util/mod.ts";
import { relative } from "../util/path.ts";

/** Where the failing code came from, to map a traceback onto the user's files. */
export interface FailureSource {
  /** The pipeline folder (frames in files below it are the user's, unless in site-packages). */
  root: string;
  /** For a cell failure: the task source (absolute), its format, and the cell's place in it. */
  cell?: {
    sourcePath: string;
    format: string;
    /** 1-based line in the file where the cell's code starts. */
    line: number;
    /** 1-based index of the cell in the source file. */
    index: number;
  };
}

/** A traceback read for the user: where it points, and only the user's frames. */
export interface LocatedFailure {
  location?: FailureLocation;
  userTraceback: string[];
  foldedFrames: number;
}

const CELL_FRAME = /^Cell In ?\[\d+\], line (\d+)/;
const FILE_FRAME = /^(?:File "?(.+?)"?:(\d+), in |File "(.+?)", line (\d+), in )/;
const CODE_LINE = /^(\s*(?:-+>)?\s*)(\d+)(.*)$/;

/**
 * Reads an IPython traceback (one entry a frame, then the exception line): maps the cell's frame
 * to the user's source file and line, keeps the user's frames (the cell, files in the project)
 * and counts the library frames it folds. The location is the deepest user frame.
 */
export function locateFailure(traceback: readonly string[], src: FailureSource): LocatedFailure {
  const kept: string[] = [];
  let location: FailureLocation | undefined;
  let folded = 0;
  for (const raw of traceback) {
    const text = stripAnsi(raw);
    const first = text.split("\n")[0];
    const cell = CELL_FRAME.exec(first);
    const file = FILE_FRAME.exec(first);
    if (cell && src.cell) {
      const mapped = mapCellFrame(text, Number(cell[1]), src.root, src.cell);
      location = mapped.location;
      kept.push(mapped.text);
    } else if (file) {
      const path = file[1] ?? file[3];
      const line = Number(file[2] ?? file[4]);
      if (!isUserFile(path, src.root)) {
        folded++;
        continue;
      }
      const rel = relative(src.root, path);
      location = { file: rel, line };
      kept.push(text.replace(first, `${rel}:${line}, in ${first.split(", in ").slice(1).join(", in ")}`));
    } else if (/^-{20,}$/.test(text.trim()) || /Traceback \(most recent call last\)/.test(text)) {
      continue;
    } else {
      kept.push(text);
    }
  }
  return { location, userTraceback: kept, foldedFrames: folded };
}

function isUserFile(path: string, root: string): boolean {
  return path.startsWith(`${root}/`) && !/\/(site|dist)-packages\/|\/\.?venv\//.test(path);
}

/** The cell's frame with its header and line numbers as in the source file. */
function mapCellFrame(
  text: string,
  lineInCell: number,
  root: string,
  cell: NonNullable<FailureSource["cell"]>,
): { text: string; location: FailureLocation } {
  const file = relative(root, cell.sourcePath);
  if (cell.format === "ipynb") {
    const location = { file, line: lineInCell, cell: cell.index };
    return { text: text.replace(CELL_FRAME, `${file}, cell ${cell.index}, line ${lineInCell}`), location };
  }
  const offset = cell.line - 1;
  const lines = text.split("\n");
  const body = lines.slice(1).map((l) => {
    const m = CODE_LINE.exec(l);
    return m ? `${m[1]}${Number(m[2]) + offset}${m[3]}` : l;
  });
  const line = lineInCell + offset;
  return { text: [`${file}:${line}`, ...body].join("\n"), location: { file, line } };
}
