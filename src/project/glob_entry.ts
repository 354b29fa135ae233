import { UsageError } from "../errors/mod.ts";
import { globToRegExp, isGlob } from "../util/glob.ts";
import { join, resolve } from "../util/path.ts";

const SCRIPT = /\.(py|ipynb)$/;

/** A pipeline made of the scripts a glob matches (Ploomber's directory spec, `-e "*.py"`). */
export interface GlobPipeline {
  /** A label for messages: the glob, resolved against the folder; its folder is the pipeline's. */
  readonly file: string;
  /** The equivalent pipeline.yaml: each script a task, its product from its parameters cell. */
  readonly yaml: string;
}

/** True when `-e` names a glob of scripts rather than a file or folder. */
export function isGlobEntry(entry: string | undefined): entry is string {
  return entry !== undefined && isGlob(entry);
}

/**
 * The scripts and notebooks that `entry` (a glob whose last part only has wildcards, relative to
 * `cwd`) matches, as a pipeline.yaml with `meta.extract_product`: each is a task named after its file,
 * with the product and upstream its parameters cell declares. Their folder is the pipeline folder
 * (products are relative to it, and kernels run there). No match is a usage error.
 */
export async function globPipeline(entry: string, cwd = Deno.cwd()): Promise<GlobPipeline> {
  const slash = entry.lastIndexOf("/");
  const dirPart = slash < 0 ? "" : entry.slice(0, slash);
  const pattern = entry.slice(slash + 1);
  if (isGlob(dirPart)) {
    throw new UsageError({
      message: `Cannot use "${entry}" as an entry point: only the file name may have wildcards`,
      hint: 'e.g. -e "*.py" or -e "tasks/*.py"',
    });
  }
  const re = globToRegExp(pattern);
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(resolve(cwd, dirPart || "."))) {
      if (e.isFile && re.test(e.name) && SCRIPT.test(e.name)) names.push(e.name);
    }
  } catch {
    // no such folder: reported as no match
  }
  if (!names.length) {
    throw new UsageError({
      message: `Cannot find scripts matching "${entry}" in ${resolve(cwd, dirPart || ".")}`,
      hint:
        'the pattern matches .py and .ipynb files, e.g. -e "*.py" (quote it so the shell leaves it alone)',
    });
  }
  const tasks = names.sort().map((n) => `  - source: ${JSON.stringify(n)}`);
  return {
    file: join(resolve(cwd, dirPart || "."), pattern),
    yaml: `meta:\n  extract_product: true\ntasks:\n${tasks.join("\n")}\n`,
  };
}
