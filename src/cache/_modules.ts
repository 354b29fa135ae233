import { importCandidatePaths, type PythonImport, readCodeFacts } from "../source/mod.ts";
import { type ContentMemo, path } from "../util/mod.ts";

interface ModuleInfo {
  hash: string;
  /** Project-relative paths of the project modules it imports directly. */
  imports: string[];
}

/**
 * The project's own Python modules, found statically from import statements and cached for one build:
 * each module file is read and parsed once, whatever the number of tasks importing it.
 */
export class ModuleGraph {
  readonly #root: string;
  readonly #memo: ContentMemo | undefined;
  readonly #isFile = new Map<string, Promise<boolean>>();
  readonly #modules = new Map<string, Promise<ModuleInfo>>();

  constructor(root: string, memo?: ContentMemo) {
    this.#root = root;
    this.#memo = memo;
  }

  /**
   * Project modules (relative path -> code hash) that code with these `imports`, living in the
   * project folder `fromDir`, imports directly or through other project modules.
   */
  async closure(imports: readonly PythonImport[], fromDir: string): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    const queue = await this.#resolve(imports, fromDir);
    const seen = new Set(queue);
    while (queue.length) {
      const rel = queue.pop()!;
      const info = await this.#module(rel);
      out[rel] = info.hash;
      for (const next of info.imports) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return out;
  }

  async #resolve(imports: readonly PythonImport[], fromDir: string): Promise<string[]> {
    const candidates = new Set<string>();
    for (const imp of imports) {
      for (const c of importCandidatePaths(imp, { fromDir })) {
        candidates.add(path.normalize(c));
        // A bare import may also resolve next to the importing file (the script's folder on sys.path).
        if (imp.level === 0 && fromDir !== "." && fromDir !== "") candidates.add(path.join(fromDir, c));
      }
    }
    const list = [...candidates].filter((c) => !c.startsWith("../") && c !== ".." && !path.isAbsolute(c));
    const exists = await Promise.all(list.map((c) => this.#fileExists(c)));
    return list.filter((_, i) => exists[i]).sort();
  }

  #fileExists(rel: string): Promise<boolean> {
    let p = this.#isFile.get(rel);
    if (!p) {
      p = Promise.resolve(isFile(path.join(this.#root, rel)));
      this.#isFile.set(rel, p);
    }
    return p;
  }

  #module(rel: string): Promise<ModuleInfo> {
    let p = this.#modules.get(rel);
    if (!p) {
      p = this.#load(rel);
      this.#modules.set(rel, p);
    }
    return p;
  }

  async #load(rel: string): Promise<ModuleInfo> {
    const facts = await readCodeFacts(path.join(this.#root, rel), { memo: this.#memo, module: true });
    return { hash: facts.hash, imports: await this.#resolve(facts.imports, path.dirname(rel)) };
  }
}

function isFile(abs: string): boolean {
  try {
    return Deno.statSync(abs).isFile;
  } catch {
    return false;
  }
}
