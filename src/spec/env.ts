import { didYouMean, type Issue, type SourceLocation } from "../errors/mod.ts";
import { float, PyFloat, pythonStr } from "../util/mod.ts";

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/** Values placeholders can take: built-ins, env.yaml keys, and `--env--key value` overrides. */
export interface EnvContext {
  /** Resolves a dotted placeholder name, or returns undefined when unknown. */
  lookup(name: string): unknown;
  /** Every name known, for "did you mean". */
  names(): string[];
}

/** Built-in placeholders; `git` and `git_hash` run git only when used. */
export function builtinEnv(here: string): Record<string, () => unknown> {
  const git = (args: string[]) => () => {
    try {
      const out = new Deno.Command("git", { args, cwd: here, stdout: "piped", stderr: "null" }).outputSync();
      return out.success ? new TextDecoder().decode(out.stdout).trim() : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    here: () => here,
    cwd: () => Deno.cwd(),
    root: () => here,
    user: () => Deno.env.get("USER") ?? Deno.env.get("USERNAME") ?? "user",
    now: () => new Date().toISOString().replace(/\.\d+Z$/, ""),
    git: git(["rev-parse", "--abbrev-ref", "HEAD"]),
    git_hash: git(["describe", "--always", "--dirty"]),
  };
}

/** Makes the lookup over built-ins, the user's env dict (nested keys with dots) and overrides. */
export function makeEnv(
  here: string,
  user: Record<string, unknown>,
  overrides: Record<string, string>,
): EnvContext {
  const builtins = builtinEnv(here);
  const cache = new Map<string, unknown>();
  const flat = new Map<string, unknown>();
  const flatten = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix + k;
      flat.set(key, v);
      if (isPlainObject(v)) flatten(v, `${key}.`);
    }
  };
  flatten(user, "");
  for (const [k, v] of Object.entries(overrides)) flat.set(k, castLike(flat.get(k), v));
  const builtinsOnly: EnvContext = {
    lookup: (name) => name in builtins ? builtins[name]() : undefined,
    names: () => Object.keys(builtins),
  };
  return {
    lookup(name) {
      if (flat.has(name)) {
        const v = flat.get(name);
        // env.yaml values may use the built-ins themselves: `data: "{{here}}/data"`.
        return typeof v === "string" && v.includes("{{")
          ? fillString(v, builtinsOnly, () => ({ file: "env.yaml" }), [])
          : v;
      }
      if (name.startsWith("env.")) return readEnvVar(name.slice(4));
      if (!(name in builtins)) return undefined;
      if (!cache.has(name)) cache.set(name, builtins[name]());
      return cache.get(name);
    },
    names: () => [...Object.keys(builtins), ...flat.keys()],
  };
}

function readEnvVar(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // no --allow-env: reported as not set
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && v.constructor === Object;
}

/** An override from the command line takes the type of the env.yaml value it replaces. */
function castLike(original: unknown, text: string): unknown {
  const numeric = text.trim() !== "" && !Number.isNaN(Number(text));
  if (original instanceof PyFloat && numeric) {
    return Number.isInteger(Number(text)) ? float(Number(text)) : Number(text);
  }
  if (typeof original === "number" && numeric) return Number(text);
  if (typeof original === "boolean" && /^(true|false|yes|no|on|off)$/i.test(text)) {
    return /^(true|yes|on)$/i.test(text);
  }
  return text;
}

/**
 * Replaces `{{name}}` in every string of `value`. A string that is only a placeholder takes the
 * value's own type (a number stays a number). Unknown names become located issues.
 */
export function fillPlaceholders(
  value: unknown,
  env: EnvContext,
  locate: (path: string[]) => SourceLocation,
  issues: Issue[],
  path: string[] = [],
): unknown {
  if (typeof value === "string") return fillString(value, env, () => locate(path), issues);
  if (Array.isArray(value)) {
    return value.map((v, i) => fillPlaceholders(v, env, locate, issues, [...path, String(i)]));
  }
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v, env, locate, issues, [...path, k])]),
    );
  }
  return value;
}

function fillString(text: string, env: EnvContext, where: () => SourceLocation, issues: Issue[]): unknown {
  const whole = /^\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}$/.exec(text);
  const get = (name: string) => {
    const v = env.lookup(name);
    if (v === undefined) {
      const envVar = name.startsWith("env.");
      issues.push({
        location: where(),
        message: envVar
          ? `Cannot fill placeholder "{{${name}}}": the environment variable ${name.slice(4)} is not set`
          : `Cannot fill placeholder "{{${name}}}": no such key${didYouMean(name, env.names())}`,
        hint: envVar
          ? `set ${name.slice(4)} before running plait`
          : `define ${name} in env.yaml beside the pipeline, or pass --env--${
            name.replaceAll(".", "--")
          } VALUE`,
      });
    }
    return v;
  };
  if (whole) return get(whole[1]) ?? text;
  return text.replace(PLACEHOLDER, (m, name: string) => {
    const v = get(name);
    return v === undefined ? m : pythonStr(v);
  });
}
