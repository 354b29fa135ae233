import { SpecError } from "../errors/mod.ts";
import type { CellType, SourceCell } from "./types.ts";

/** The parts of an `.ipynb` plait reads. */
export interface IpynbContent {
  cells: SourceCell[];
  kernelName?: string;
  /** The parsed JSON, for callers that rewrite the notebook. */
  json: Record<string, unknown>;
}

/** Joins nbformat multiline text (a string or a list of lines). */
export function joinText(value: unknown): string {
  if (Array.isArray(value)) return value.join("");
  return typeof value === "string" ? value : "";
}

/** Splits text into nbformat's list-of-lines form (every line but the last keeps its `\n`). */
export function splitText(text: string): string[] {
  if (text === "") return [];
  const parts = text.split("\n");
  const out = parts.slice(0, -1).map((p) => p + "\n");
  if (parts[parts.length - 1] !== "") out.push(parts[parts.length - 1]);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses nbformat v4 JSON text into cells. */
export function parseIpynb(text: string, path: string): IpynbContent {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SpecError({
      location: { file: path },
      message: `Cannot read notebook "${path}": invalid JSON (${(e as Error).message})`,
      hint: "open it in Jupyter and save it again, or restore it from version control",
    });
  }
  if (!isObject(json) || !Array.isArray(json.cells) || (json.nbformat !== 4 && json.nbformat !== undefined)) {
    throw new SpecError({
      location: { file: path },
      message: `Cannot read notebook "${path}": not an nbformat v4 notebook`,
      hint: "convert it with `jupyter nbconvert --to notebook` to nbformat 4",
    });
  }
  const cells = json.cells.filter(isObject).map(toSourceCell);
  const meta = isObject(json.metadata) ? json.metadata : {};
  const spec = isObject(meta.kernelspec) ? meta.kernelspec : {};
  const kernelName = typeof spec.name === "string" ? spec.name : undefined;
  return { cells, kernelName, json };
}

function toSourceCell(raw: Record<string, unknown>): SourceCell {
  const t = raw.cell_type;
  const cellType: CellType = t === "markdown" || t === "raw" ? t : "code";
  const metadata = isObject(raw.metadata) ? { ...raw.metadata } : {};
  const tags = Array.isArray(metadata.tags)
    ? metadata.tags.filter((x): x is string => typeof x === "string")
    : [];
  delete metadata.tags;
  return { cellType, source: joinText(raw.source), tags, metadata, line: 1 };
}
