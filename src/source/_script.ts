import { type Issue, SpecError } from "../errors/mod.ts";
import { LIGHT_START, scanLight } from "./_light.ts";
import {
  type Line,
  MARKER,
  parseMarkerOptions,
  type PercentScript,
  percentSpans,
  skipYamlHeader,
  splitLines,
} from "./_percent.ts";
import { PARAMETERS_TAG } from "./types.ts";

/** A `.py` task source split into cells, and the jupytext format it was read as. */
export interface ScriptCells extends PercentScript {
  format: "percent" | "light";
}

/** A comment line that reads like an attempt at a parameters cell marker. */
const PARAMETERS_LIKE = /^\s*#+\s*(?:%%|\+|.*\btags?\s*[=:]).*\bparameters\b/i;

/**
 * Splits a `.py` script into cells as jupytext reads it: the percent format when it has `# %%`
 * markers, else the light format (`# +` cells, paragraphs). A script plait cannot split reliably is a
 * located {@link SpecError}, never a silent wrong run:
 * - percent and light markers mixed in one file;
 * - marker metadata that cannot be read (`tags=[parameters]`, `tags="parameters"`);
 * - no cell tagged `parameters`, but a line that looks like a mis-spelt parameters marker.
 */
export function scanScript(text: string, path: string): ScriptCells {
  const lines = splitLines(text);
  const { first, kernelName } = skipYamlHeader(lines);
  const percent = findLines(lines, first, MARKER);
  const light = findLines(lines, first, LIGHT_START);
  if (percent.length && light.length) {
    throw new SpecError({
      location: { file: path, line: light[0] + 1, col: 1 },
      message: `Cannot split "${path}" into cells: it mixes percent ("# %%", line ${percent[0] + 1}) ` +
        `and light ("# +", line ${light[0] + 1}) cell markers`,
      hint:
        'use one format: `# %% tags=["parameters"]` (percent) or `# + tags=["parameters"]` ... `# -` (light)',
    });
  }
  const format = percent.length ? "percent" : "light";
  const spans = format === "percent" ? percentSpans(text, lines, first) : scanLight(text, lines, first);
  const issues = markerIssues(lines, format === "percent" ? percent : light, path);
  if (!issues.length && !spans.some((s) => s.cell.tags.includes(PARAMETERS_TAG))) {
    issues.push(...parametersLike(lines, first, path));
  }
  if (issues.length) throw new SpecError(issues);
  const out: ScriptCells = { format, spans };
  if (kernelName !== undefined) out.kernelName = kernelName;
  return out;
}

function findLines(lines: Line[], first: number, re: RegExp): number[] {
  const out: number[] = [];
  for (let i = first; i < lines.length; i++) if (re.test(lines[i].text)) out.push(i);
  return out;
}

function markerIssues(lines: Line[], markers: number[], path: string): Issue[] {
  const issues: Issue[] = [];
  for (const i of markers) {
    const text = lines[i].text;
    const percent = MARKER.exec(text);
    const header = percent ? percent[2] ?? "" : LIGHT_START.exec(text)?.[1] ?? "";
    for (const problem of parseMarkerOptions(header).problems) {
      issues.push({
        location: { file: path, line: i + 1, col: text.indexOf(header) + 1 },
        message: `Cannot read the cell marker "${text.trim()}": ${problem}`,
        hint: 'metadata is key=value with JSON values, e.g. `tags=["parameters"]`',
      });
    }
  }
  return issues;
}

function parametersLike(lines: Line[], first: number, path: string): Issue[] {
  for (let i = first; i < lines.length; i++) {
    if (!PARAMETERS_LIKE.test(lines[i].text)) continue;
    return [{
      location: { file: path, line: i + 1, col: 1 },
      message: `Cannot find the parameters cell of "${path}": line ${i + 1} ("${lines[i].text.trim()}") ` +
        "looks like a parameters cell marker but is not one",
      hint: 'write `# %% tags=["parameters"]` (percent format) or `# + tags=["parameters"]` (light format) ' +
        "on its own line above the cell",
    }];
  }
  return [];
}
