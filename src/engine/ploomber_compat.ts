import { RuntimeError } from "../errors/mod.ts";
import { path } from "../util/mod.ts";

/** The files of plait's `ploomber` compatibility package (under `ploomber_compat/ploomber/`). */
const FILES = ["__init__.py", "io.py", "exceptions.py"];

/** Where the compatibility package is on disk, and how to remove a copy made for this build. */
export interface PloomberCompat extends AsyncDisposable {
  /** The folder to put on `sys.path` (it holds the `ploomber` package). */
  readonly dir: string;
}

/**
 * Finds plait's `ploomber` compatibility package: beside this file, or, when plait is imported over
 * the network, fetched into a private temporary folder that disposing removes. `base` (the folder
 * holding `ploomber/`) is for tests.
 */
export async function ploomberCompat(
  base: URL = new URL("./ploomber_compat/", import.meta.url),
): Promise<PloomberCompat> {
  if (base.protocol === "file:") {
    return { dir: path.fromFileUrl(base), [Symbol.asyncDispose]: async () => {} };
  }
  const dir = await Deno.makeTempDir({ prefix: "plait_ploomber_" });
  try {
    await Deno.mkdir(path.join(dir, "ploomber"));
    for (const name of FILES) {
      const url = new URL(`ploomber/${name}`, base);
      const res = await fetch(url);
      if (!res.ok) {
        await res.body?.cancel();
        throw new RuntimeError({
          message: `Cannot fetch plait's ploomber compatibility file ${url}: ${res.status}`,
        });
      }
      await Deno.writeTextFile(path.join(dir, "ploomber", name), await res.text(), { mode: 0o600 });
    }
  } catch (e) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw e;
  }
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }).catch(() => {}) };
}
