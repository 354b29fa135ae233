import { type ContentMemo, path as paths, projectMemo, sha256Hex } from "../util/mod.ts";
import { codeText } from "./code_text.ts";
import { findImports } from "./imports.ts";
import { upstreamOfSource } from "./parameters.ts";
import { loadPythonGrammar } from "./_python.ts";
import { parseTaskSourceText, readSourceText, sourceFormatOf } from "./read_task_source.ts";
import { decodeSource } from "./_decode.ts";
import type { PythonImport, UpstreamDecl, UpstreamInfo } from "./types.ts";

/** Names how the memo's values are computed; bump it when upstream, code-text, import or function-slice analysis changes. */
const VERSION = "source-3";

/**
 * The analysis memo of the project folder `root` (`.plait/analysis.json`), shared in this process:
 * what each source's content declares and imports, so a no-op rebuild parses no Python at all.
 * Write it back with `flush()` once a load or build is done.
 */
export function sourceMemo(root: string): ContentMemo {
  return projectMemo(root, { version: VERSION });
}

/** What fingerprinting needs of a Python file: the hash of its code text and its static imports. */
export interface CodeFacts {
  /** SHA-256 (hex) of the code as fingerprinted (see `codeText`). */
  hash: string;
  /** The static imports of that code. */
  imports: PythonImport[];
}

/** Options for {@link readCodeFacts}. */
export interface CodeFactsOptions {
  /** Where to look the facts up by content hash, and remember them. */
  memo?: ContentMemo;
  /**
   * A project module rather than a task source: when it cannot be read into cells, its raw text is
   * fingerprinted instead of failing.
   */
  module?: boolean;
  /**
   * A function task's part of a module: `name` keys the memo entry and `pick` cuts that part out of
   * the module's code text (as fingerprinted), which implies `module`.
   */
  part?: { name: string; pick: (moduleCode: string) => string | Promise<string> };
}

interface StoredUpstream {
  upstream: UpstreamDecl;
  /** The location without its file: `{line, col}` in a `.py`, `{}` in an `.ipynb` or with no cell. */
  at: { line?: number; col?: number };
  cell: boolean;
}

/**
 * {@link extractUpstream} through a memo: the source is read and hashed, and parsed only when the
 * memo has no entry for its content. Errors (bad Python in the parameters cell) are never remembered.
 *
 * @example
 * ```ts ignore
 * const { upstream } = await readUpstream("/project/tasks/clean.py", sourceMemo("/project"));
 * ```
 */
export async function readUpstream(path: string, memo?: ContentMemo): Promise<UpstreamInfo> {
  const text = readSourceText(path);
  const key = `upstream:${sourceFormatOf(path)}:${sha256Hex(text)}`;
  const hit = memo?.get<StoredUpstream>(key);
  if (hit && isStoredUpstream(hit)) {
    const u = hit.upstream;
    const upstream: UpstreamDecl = u.kind === "list" || u.kind === "dict"
      ? { kind: u.kind, names: [...u.names] }
      : { kind: u.kind };
    return { upstream, location: { file: path, ...hit.at }, parametersCell: hit.cell };
  }
  await loadPythonGrammar();
  const info = upstreamOfSource(parseTaskSourceText(text, path));
  const { file: _, ...at } = info.location;
  memo?.set(key, { upstream: info.upstream, at, cell: info.parametersCell } satisfies StoredUpstream);
  return info;
}

/**
 * The code hash and imports of a task source (or, with `module`, a project module), through a memo
 * keyed by the file's content.
 *
 * @example
 * ```ts ignore
 * const { hash, imports } = await readCodeFacts("/project/tasks/clean.py", { memo: sourceMemo("/project") });
 * ```
 */
export async function readCodeFacts(path: string, options: CodeFactsOptions = {}): Promise<CodeFacts> {
  const { memo, part } = options;
  const module = options.module || !!part;
  const text = module ? decodeSource(Deno.readFileSync(path), path) : readSourceText(path);
  const kind = part ? `function:${part.name}` : module ? `module${paths.extname(path)}` : "code";
  const key = `${kind}:${module ? "" : sourceFormatOf(path)}:${sha256Hex(text)}`;
  const hit = memo?.get<CodeFacts>(key);
  if (hit && isCodeFacts(hit)) {
    return { hash: hit.hash, imports: hit.imports.map((i) => ({ ...i, names: [...i.names] })) };
  }
  await loadPythonGrammar();
  let code = module ? pythonCodeText(text, path) : codeText(parseTaskSourceText(text, path));
  if (part) code = await part.pick(code);
  const facts: CodeFacts = { hash: sha256Hex(code), imports: findImports(code) };
  memo?.set(key, facts);
  return facts;
}

/** The code text of a Python module as fingerprinted; the raw text when it cannot be read into cells. */
function pythonCodeText(text: string, file: string): string {
  try {
    return codeText(parseTaskSourceText(text, file));
  } catch {
    return text;
  }
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");

/** A memo entry is trusted only in the shape this version writes (a hand-edited file may hold anything). */
function isStoredUpstream(v: StoredUpstream): boolean {
  const u = v.upstream as Partial<{ kind: unknown; names: unknown }> | undefined;
  const kindOk = u?.kind === "none" || u?.kind === "absent" ||
    ((u?.kind === "list" || u?.kind === "dict") && isStrings(u.names));
  const at = v.at as Record<string, unknown> | undefined;
  const atOk = !!at && typeof at === "object" && Object.values(at).every((n) => typeof n === "number");
  return kindOk && atOk && typeof v.cell === "boolean";
}

function isCodeFacts(v: CodeFacts): boolean {
  return typeof v.hash === "string" && Array.isArray(v.imports) &&
    v.imports.every((i) =>
      typeof i?.module === "string" && typeof i.level === "number" && isStrings(i.names)
    );
}
