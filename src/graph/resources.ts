import type { Issue, SourceLocation } from "../errors/mod.ts";
import { pythonStr } from "../util/mod.ts";
import type { Resources, TaskDefinition, TaskResources } from "./types.ts";

const PLACEHOLDER = /\[\[\s*([A-Za-z_][A-Za-z0-9_]*)\s*\]\]/g;
const MEM = /^\d+(\.\d+)?[KMGT]?B?$/i;
// SLURM's --time: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S
const TIME = /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+(:\d{1,2}){0,2})$/;
const KEYS = new Set(["cpus", "mem", "time", "gpus", "partition", "sbatch", "local"]);

interface Check {
  at: SourceLocation;
  task: string;
  issues: Issue[];
}

function fill(value: unknown, key: string, params: Record<string, unknown>, c: Check): unknown {
  if (typeof value !== "string") return value;
  return value.replace(PLACEHOLDER, (whole, name: string) => {
    if (name in params) return pythonStr(params[name]);
    c.issues.push({
      location: c.at,
      message:
        `Cannot fill placeholder "${whole}" in resources.${key} of task "${c.task}": no param "${name}"`,
      hint: `resources may name grid keys and params: ${Object.keys(params).join(", ") || "(none)"}`,
    });
    return whole;
  });
}

function count(value: unknown, key: string, min: number, c: Check): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n === "number" && Number.isInteger(n) && n >= min) return n;
  c.issues.push({
    location: c.at,
    message: `Cannot use ${
      JSON.stringify(value)
    } as resources.${key} of task "${c.task}": not a whole number${min ? " above 0" : ""}`,
    hint: `e.g. ${key}: ${min ? 4 : 0}`,
  });
}

function text(value: unknown, key: string, pattern: RegExp, example: string, c: Check): string | undefined {
  if (value === undefined) return undefined;
  const s = typeof value === "number" ? String(value) : value;
  if (typeof s === "string" && pattern.test(s.trim())) return s.trim();
  c.issues.push({
    location: c.at,
    message: `Cannot use ${JSON.stringify(value)} as resources.${key} of task "${c.task}"`,
    hint: `e.g. ${key}: ${example}`,
  });
}

/**
 * A task's resources for one grid point (or the plain task): placeholders filled from its params
 * (grid values included), a function called with them, and every value checked. Problems become
 * issues located at the definition's `resources` field.
 */
export function taskResources(
  def: TaskDefinition,
  name: string,
  params: Record<string, unknown>,
  issues: Issue[],
): TaskResources | undefined {
  const given = def.options.resources;
  if (given === undefined) return undefined;
  const c: Check = { at: def.where.fields?.resources ?? def.where.task, task: name, issues };
  let r: Resources;
  try {
    r = typeof given === "function" ? given(params) : given;
  } catch (e) {
    issues.push({ location: c.at, message: `resources of task "${name}" threw: ${(e as Error).message}` });
    return undefined;
  }
  for (const k of Object.keys(r ?? {})) {
    if (!KEYS.has(k)) {
      issues.push({
        location: c.at,
        message: `Cannot use resources.${k} of task "${name}": unknown key`,
        hint: `known keys: ${[...KEYS].join(", ")}; other sbatch options go in resources.sbatch`,
      });
    }
  }
  const v = (k: keyof Resources) => fill(r?.[k], k, params, c);
  const sbatch = (r?.sbatch ?? []).map((o) => String(fill(o, "sbatch", params, c)));
  const out = {
    cpus: count(v("cpus"), "cpus", 1, c),
    mem: text(v("mem"), "mem", MEM, '"16G"', c),
    time: text(v("time"), "time", TIME, '"02:00:00"', c),
    gpus: count(v("gpus"), "gpus", 0, c),
    partition: r?.partition === undefined ? undefined : String(v("partition")),
    sbatch,
    local: r?.local === true,
  };
  for (const k of Object.keys(out) as (keyof typeof out)[]) if (out[k] === undefined) delete out[k];
  return out;
}
