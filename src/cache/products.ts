import { productPaths, type Task } from "../graph/mod.ts";
import { RuntimeError } from "../errors/mod.ts";
import { path } from "../util/mod.ts";
import { pathStat } from "./_tree.ts";
import type { ProductCheck, ProductStat, TaskInputs, TaskRecord } from "./types.ts";

/**
 * Content hash of a product, or `undefined` when it does not exist: an `.ipynb` without its
 * volatile metadata (`notebookContentHash`), a folder by its sorted relative paths and file hashes,
 * any other file by its bytes.
 *
 * @example
 * ```ts
 * import { hashProduct } from "./mod.ts";
 * const file = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(file, "a,b\n1,2\n");
 * const hash = await hashProduct(file); // sha256 of the bytes, as hex
 * if (hash?.length !== 64 || await hashProduct(`${file}.gone`) !== undefined) throw new Error();
 * await Deno.remove(file);
 * ```
 */
export async function hashProduct(absPath: string): Promise<string | undefined> {
  return (await pathStat(absPath))?.hash;
}

/**
 * Size, mtime and content hash of a product, or `undefined` when it does not exist. When `cached`
 * has the same size, mtime and inode (for a folder: the same listing), its hash is reused without reading.
 *
 * @example
 * ```ts ignore
 * const stat = await statProduct("/project/output/clean.csv", record.products["output/clean.csv"]);
 * ```
 */
export function statProduct(absPath: string, cached?: ProductStat): Promise<ProductStat | undefined> {
  return pathStat(absPath, cached);
}

/** Options for {@link checkProducts}. */
export interface CheckProductsOptions {
  /** The pipeline folder products are relative to. */
  readonly root: string;
  /** The task's last successful record; without one, products are not even looked at. */
  readonly record?: TaskRecord;
}

/**
 * Compares each of a task's products on disk with its record: `ok`, `missing`, `changed` (by hand),
 * or `unchecked` (nothing recorded to compare with). Uses the record's stat cache.
 *
 * @example
 * ```ts ignore
 * const checks = await checkProducts(task, { root: pipeline.root, record: store.get(task.name) });
 * ```
 */
export function checkProducts(task: Task, options: CheckProductsOptions): Promise<ProductCheck[]> {
  const { root, record } = options;
  return Promise.all(
    productPaths(task.product).map(async (p): Promise<ProductCheck> => {
      const before = record?.products[p];
      if (!record) return { path: p, status: "unchecked" };
      const stat = await pathStat(path.resolve(root, p), before);
      if (!stat) return { path: p, status: "missing" };
      if (!before) return { path: p, status: "unchecked", stat };
      return { path: p, status: stat.hash === before.hash ? "ok" : "changed", stat };
    }),
  );
}

/** Options for {@link buildRecord}. */
export interface BuildRecordOptions {
  /** The pipeline folder products are relative to. */
  readonly root: string;
  /** How long the run took, in seconds. */
  readonly durationS: number;
  /** When the run finished (default: now). */
  readonly finishedAt?: Date;
}

/**
 * The record of a task that just succeeded: its inputs and the fresh hashes of its products (always
 * read, never taken from a stat cache). Throws a {@link RuntimeError} naming a product the run did not
 * write, since a task missing a product did not really succeed.
 *
 * @example
 * ```ts ignore
 * await store.recordSuccess(task.name, await buildRecord(task, inputs, { root: pipeline.root, durationS: 1.5 }));
 * ```
 */
export async function buildRecord(
  task: Task,
  inputs: TaskInputs,
  options: BuildRecordOptions,
): Promise<TaskRecord> {
  const paths = productPaths(task.product);
  const stats = await Promise.all(paths.map((p) => pathStat(path.resolve(options.root, p))));
  const products: Record<string, ProductStat> = {};
  paths.forEach((p, i) => {
    const stat = stats[i];
    if (!stat) {
      throw new RuntimeError({
        location: task.location,
        message: `Cannot record task "${task.name}" as done: its product ${p} was not written`,
        hint: `the task must write every declared product; check the path it saves to`,
      });
    }
    products[p] = stat;
  });
  return {
    fingerprint: inputs.fingerprint,
    components: inputs.components,
    products,
    finishedAt: (options.finishedAt ?? new Date()).toISOString(),
    durationS: options.durationS,
  };
}
