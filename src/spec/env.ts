import { didYouMean, type Issue, type SourceLocation } from "../errors/mod.ts";
import { float, pythonStr } from "../util/mod.ts";
import { parseLocatedYaml } from "./yaml_value.ts";

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/** Values placeholders can take: built-ins, env.yaml keys, and `--env--key value` overrides. */
export interface EnvContext {
  /** Resolves a dotted placeholder name, or returns undefined when unknown. */
  lookup(name: string): unknown;
  /** Every name known, for "did you mean". */
  names(): string[];
}

/**
 * The env file of the pipeline `specFile`, as Ploomber finds it: the file named by
 * `PLOOMBER_ENV_FILENAME` (a file name beside the pipeline, which must exist), else
 * `env.{name}.yaml` for a `pipeline.{name}.yaml` when there is one, else `env.yaml`.
 */
export function envFileFor(specFile: string, issues: Issue[]): string {
  const dir = specFile.slice(0, specFile.lastIndexOf("/") + 1) || "./";
  let chosen: string | undefined;
  try {
    chosen = Deno.env.get("PLOOMBER_ENV_FILENAME") || undefined;
  } catch {
    // no --allow-env: the default file
  }
  if (chosen !== undefined) {
    if (chosen.includes("/")) {
      issues.push({
        message: `Cannot use PLOOMBER_ENV_FILENAME="${chosen}": it must be a file name, not a path`,
        hint: `put the file beside the pipeline and set PLOOMBER_ENV_FILENAME=${
          chosen.slice(chosen.lastIndexOf("/") + 1)
        }`,
      });
    } else if (!exists(dir + chosen)) {
      issues.push({
        message: `Cannot read env file "${dir + chosen}" (named by PLOOMBER_ENV_FILENAME): it does not exist`,
        hint: "create it beside the pipeline, or unset PLOOMBER_ENV_FILENAME to use env.yaml",
      });
    }
    return dir + chosen;
  }
  const named = /^pipeline\.(.+)\.ya?ml$/.exec(specFile.slice(dir.length));
  if (named && exists(`${dir}env.${named[1]}.yaml`)) return `${dir}env.${named[1]}.yaml`;
  return `${dir}env.yaml`;
}

/**
 * The leaf keys of a pipeline's env file (dotted) with their values as PyYAML reads them, for
 * `build --help`; empty when there is no env file or it cannot be read.
 */
export function envDefaults(specFile: string): [string, unknown][] {
  let text: string;
  try {
    text = Deno.readTextFileSync(envFileFor(specFile, []));
  } catch {
    return [];
  }
  const value = parseLocatedYaml(text, "env.yaml", [])?.value;
  return isPlainObject(value) ? flattenEnv(value).filter(([, v]) => !isPlainObject(v)) : [];
}

function exists(file: string): boolean {
  try {
    return Deno.statSync(file).isFile;
  } catch {
    return false;
  }
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
    git_hash: git(["describe", "--tags", "--always", "--dirty"]),
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
  for (const [k, v] of Object.entries(overrides)) flat.set(k, castOverride(v));
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

const DIGITS = String.raw`\d+(?:_\d+)*`;
const INT = new RegExp(String.raw`^[-+]?${DIGITS}$`);
const FLOAT = new RegExp(
  String
    .raw`^[-+]?(?:(?:${DIGITS})?\.${DIGITS}|${DIGITS}\.?)(?:[eE][-+]?${DIGITS})?$|^[-+]?(?:inf|infinity|nan)$`,
  "i",
);

/**
 * Casts an `--env--key VALUE` text as Ploomber does (its `cast_if_possible`, whatever the env file's
 * value was): `true`/`false` in any case a bool, what Python's `int()` reads an int (`42`, `1_000`),
 * what `float()` reads a float (`1.5`, `1e3`, `2.0`, `inf`), anything else the string itself.
 */
export function castOverride(text: string): unknown {
  const t = text.trim();
  if (/^(true|false)$/i.test(t)) return /^true$/i.test(t);
  if (INT.test(t)) return Number(t.replaceAll("_", ""));
  if (!FLOAT.test(t)) return text;
  const lower = t.toLowerCase().replace(/^\+/, "");
  const n = lower.endsWith("nan")
    ? NaN
    : /inf/.test(lower)
    ? (lower.startsWith("-") ? -Infinity : Infinity)
    : Number(
      t.replaceAll("_", ""),
    );
  return Number.isInteger(n) ? float(n) : n;
}

/** Flattens `{a: {b: 1}}` to `[["a.b", 1]]` (mappings only; a mapping's own key is kept too). */
export function flattenEnv(obj: Record<string, unknown>, prefix = ""): [string, unknown][] {
  return Object.entries(obj).flatMap(([k, v]) =>
    isPlainObject(v) ? [[prefix + k, v] as [string, unknown], ...flattenEnv(v, `${prefix + k}.`)] : [[
      prefix + k,
      v,
    ]]
  );
}

/**
 * `--env--KEY` overrides naming no env.yaml key, as usage issues with "did you mean" (as in
 * Ploomber, whose parser only accepts the keys of the env file).
 */
export function unknownOverrides(
  user: Record<string, unknown>,
  overrides: Record<string, string>,
  envFile: string | undefined,
): Issue[] {
  const keys = flattenEnv(user).filter(([, v]) => !isPlainObject(v)).map(([k]) => k);
  const flag = (k: string) => `--env--${k.replaceAll(".", "--")}`;
  return Object.keys(overrides).filter((k) => !keys.includes(k)).map((k) => ({
    location: envFile ? { file: envFile } : undefined,
    message: envFile
      ? `Cannot override "${flag(k)}": ${envFile} has no key "${k}"${
        didYouMean(k, keys).replace(/"([^"]+)"\?\)$/, (_, c) => `"${flag(c)}"?)`)
      }`
      : `Cannot override "${flag(k)}": the pipeline has no env.yaml`,
    hint: envFile
      ? `the keys are: ${keys.map(flag).join(", ") || "(none)"} (see build --help)`
      : `write ${k}: VALUE in an env.yaml beside the pipeline`,
  }));
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
