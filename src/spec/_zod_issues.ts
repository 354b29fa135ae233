import type { z } from "../deps.ts";
import { didYouMean, type Issue } from "../errors/mod.ts";
import { PyFloat } from "../util/mod.ts";
import { locate, type LocatedYaml, pathKey } from "./yaml_value.ts";

type ZodIssue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  record: "a mapping",
  object: "a mapping",
  array: "a list",
  null: "null",
};

/** `tasks[0].grid` for `["tasks", 0, "grid"]`. */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || "the document";
}

/** How a YAML value reads in a message: `a number (5)`, `a list`, `a mapping`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (value instanceof PyFloat) return `the number ${value}`;
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") {
    return `the string "${value.length > 30 ? value.slice(0, 30) + "..." : value}"`;
  }
  return `${typeof value === "number" ? "the number" : "the value"} ${String(value)}`;
}

function joinOr(items: string[]): string {
  const unique = [...new Set(items)];
  return unique.length < 2
    ? unique.join("")
    : `${unique.slice(0, -1).join(", ")} or ${unique[unique.length - 1]}`;
}

function expectedOf(zi: ZodIssue): string {
  if (zi.code === "invalid_type") return TYPE_NAMES[zi.expected] ?? zi.expected;
  if (zi.code === "invalid_value") return `one of ${zi.values.map((v) => JSON.stringify(v)).join(", ")}`;
  if (zi.code === "invalid_union") {
    return joinOr(zi.errors.map((branch) => branch[0] ? expectedOf(branch[0]) : "?"));
  }
  return zi.message.replace(/^Invalid input: /, "").replace(/^Too small: /, "");
}

/** The innermost issue: inside a union, the branch that got furthest explains the problem best. */
function innermost(zi: ZodIssue, path: PropertyKey[]): { zi: ZodIssue; path: PropertyKey[] } {
  if (zi.code !== "invalid_union") return { zi, path };
  let best: ZodIssue | undefined;
  for (const branch of zi.errors) {
    for (const inner of branch) if (inner.path.length > (best?.path.length ?? 0)) best = inner;
  }
  return best ? innermost(best, [...path, ...(best.path as PropertyKey[])]) : { zi, path };
}

/** Zod issues on the value at `base` of a YAML document, as located plait issues (one per unknown key). */
export function zodIssues(
  raw: ZodIssue,
  base: readonly PropertyKey[],
  yaml: LocatedYaml,
  file: string,
  known: (path: readonly PropertyKey[]) => readonly string[],
): Issue[] {
  const { zi, path: rel } = innermost(raw, raw.path as PropertyKey[]);
  const path = [...base, ...rel];
  const field = fieldName(path);
  if (zi.code === "unrecognized_keys") {
    return zi.keys.map((key) => ({
      location: yaml.locations.get(pathKey([...path, key]) + "#key") ?? locate(yaml, path, file),
      message: `unknown key "${key}" ${path.length ? `in ${field}` : "at the top level"}${
        didYouMean(key, known(path))
      }`,
      hint:
        "remove it, or check the spelling against Ploomber's pipeline.yaml keys (schema/pipeline.schema.json)",
    }));
  }
  if (zi.input === undefined && path.length) {
    const key = String(path[path.length - 1]);
    return [{
      location: locate(yaml, path.slice(0, -1), file),
      message: `Cannot read ${fieldName(path.slice(0, -1))}: it has no "${key}"`,
      hint: `add ${key}: (it is required)`,
    }];
  }
  return [{
    location: locate(yaml, path, file),
    message: `Cannot read ${field}: expected ${expectedOf(zi)}, got ${describeValue(zi.input)}`,
  }];
}
