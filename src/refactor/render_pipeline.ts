import type { SourceFormat } from "../source/mod.ts";
import type { DfFormat, PlannedTask } from "./types.ts";

/** Options for {@link taskProducts} and the pipeline renderers. */
export interface ProductOptions {
  /** Folder of the products, relative to the pipeline (default `output`). */
  productPrefix: string;
  dfFormat: DfFormat;
}

/**
 * A task's products: `nb` (the executed notebook) and one file per output variable. Pickles end
 * in `.pkl`; with a DataFrame format the file has no extension, because the saving cell decides at
 * run time whether a value is a DataFrame (parquet/csv) or anything else (pickle).
 *
 * @example
 * ```ts
 * import { taskProducts } from "./mod.ts";
 * const task = { name: "split", heading: "", upstream: [], inputs: [], outputs: ["X"], imports: [], exported: [], cells: [] };
 * const products = taskProducts(task, { productPrefix: "output", dfFormat: "pickle" });
 * if (products.X !== "output/split-X.pkl" || products.nb !== "output/split.ipynb") throw new Error("unexpected");
 * ```
 */
export function taskProducts(task: PlannedTask, options: ProductOptions): Record<string, string> {
  const prefix = options.productPrefix.replace(/\/+$/, "") || ".";
  const ext = options.dfFormat === "pickle" ? ".pkl" : "";
  const out: Record<string, string> = { nb: `${prefix}/${task.name}.ipynb` };
  for (const name of task.outputs) out[name] = `${prefix}/${task.name}-${name}${ext}`;
  return out;
}

/** The path of a task's source inside the pipeline folder. */
export function taskSourcePath(task: PlannedTask, format: SourceFormat): string {
  return `tasks/${task.name}.${format}`;
}

function yamlString(value: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(value) && !/^[-.]/.test(value) ? value : JSON.stringify(value);
}

/**
 * A Ploomber-format `pipeline.yaml`; each task's upstream is read from its parameters cell.
 *
 * @example
 * ```ts
 * import { renderPipelineYaml } from "./mod.ts";
 * const task = { name: "load", heading: "", upstream: [], inputs: [], outputs: [], imports: [], exported: [], cells: [] };
 * const yaml = renderPipelineYaml([task], "py", { productPrefix: "output", dfFormat: "pickle" });
 * if (!yaml.endsWith("tasks:\n  - source: tasks/load.py\n    product:\n      nb: output/load.ipynb\n")) {
 *   throw new Error(yaml);
 * }
 * ```
 */
export function renderPipelineYaml(
  tasks: PlannedTask[],
  format: SourceFormat,
  options: ProductOptions,
): string {
  const lines = ["# Written by `plait refactor`. Each task's upstream is in its parameters cell.", "tasks:"];
  for (const task of tasks) {
    lines.push(`  - source: ${yamlString(taskSourcePath(task, format))}`, "    product:");
    for (const [key, value] of Object.entries(taskProducts(task, options))) {
      lines.push(`      ${key}: ${yamlString(value)}`);
    }
  }
  return lines.join("\n") + "\n";
}

/**
 * A `pipeline.ts` using plait's builder, importing plait from `modSpecifier` (a relative path or URL).
 *
 * @example
 * ```ts
 * import { renderPipelineTs } from "./mod.ts";
 * const task = { name: "load", heading: "", upstream: [], inputs: [], outputs: [], imports: [], exported: [], cells: [] };
 * const ts = renderPipelineTs([task], "py", { productPrefix: "output", dfFormat: "pickle" }, "../mod.ts");
 * if (!ts.includes('import { pipeline } from "../mod.ts";') || !ts.endsWith(".main(import.meta);\n")) throw new Error(ts);
 * ```
 */
export function renderPipelineTs(
  tasks: PlannedTask[],
  format: SourceFormat,
  options: ProductOptions,
  modSpecifier: string,
): string {
  const lines = [
    "// Written by `plait refactor`. Run it with: deno run -A pipeline.ts build",
    `import { pipeline } from ${JSON.stringify(modSpecifier)};`,
    "",
    "export default pipeline()",
  ];
  for (const task of tasks) {
    const product = Object.entries(taskProducts(task, options)).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
    const upstream = task.upstream.length
      ? `upstream: [${task.upstream.map((u) => JSON.stringify(u)).join(", ")}],`
      : "";
    const oneLine = `    product: { ${product.join(", ")} },`;
    lines.push(
      `  .task(${JSON.stringify(task.name)}, {`,
      `    source: ${JSON.stringify(taskSourcePath(task, format))},`,
      ...(upstream ? [`    ${upstream}`] : []),
      ...(oneLine.length <= 110
        ? [oneLine]
        : ["    product: {", ...product.map((p) => `      ${p},`), "    },"]),
      "  })",
    );
  }
  lines.push("  .main(import.meta);");
  return lines.join("\n") + "\n";
}
