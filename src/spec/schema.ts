import { z } from "../deps.ts";
import { ExportSchema } from "./export_schema.ts";

const Hook = z.union([z.string(), z.looseObject({ dotted_path: z.string() })]);
const Hooks = z.union([Hook, z.array(Hook)]);
const Product = z.union([z.string(), z.record(z.string(), z.string())]);
const Count = z.union([z.number().int().nonnegative(), z.string()]);
const Resources = z.strictObject({
  cpus: Count.optional().describe("CPUs for the task (sbatch --cpus-per-task)"),
  mem: z.union([z.string(), z.number()]).optional().describe("Memory, e.g. 16G (sbatch --mem)"),
  time: z.union([z.string(), z.number()]).optional().describe(
    "Time limit: minutes, MM:SS, HH:MM:SS or D-HH:MM:SS (sbatch --time)",
  ),
  gpus: Count.optional().describe("GPUs (sbatch --gpus); 0 asks for none"),
  partition: z.string().optional().describe("Partition, instead of the executor's"),
  sbatch: z.array(z.string()).optional().describe("More sbatch options for this task"),
  local: z.boolean().optional().describe("Run on the build's machine, not as a SLURM job"),
});
const GridBlock = z.record(z.string(), z.union([z.array(z.unknown()), z.string()]));

/** Keys Ploomber knows that plait accepts but does not act on; loading prints a notice. */
export const IGNORED_TASK_KEYS = [
  "local_execution",
  "debug_mode",
] as const;
/** Keys Ploomber knows that would change what a task does, and that plait does not support. */
export const UNSUPPORTED_TASK_KEYS = [
  "client",
  "product_client",
  "product_class",
  "ext_in",
] as const;

const known = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, z.unknown().optional()]));

/** One entry of `tasks:` in pipeline.yaml. */
export const TaskSchema = z.strictObject({
  source: z.string().describe(
    "A percent-format .py script, a .ipynb notebook, or a Python function's dotted path",
  ),
  product: Product.describe("A path, or named paths such as {nb: output/x.ipynb, data: output/x.csv}"),
  name: z.string().optional().describe("Task name; defaults to the source's file name without extension"),
  upstream: z.union([z.string(), z.array(z.string()), z.null()]).optional()
    .describe("Upstream tasks, used when meta.extract_upstream is false"),
  params: z.record(z.string(), z.unknown()).optional(),
  grid: z.union([GridBlock, z.array(GridBlock)]).optional().describe(
    "Expands the task over every combination",
  ),
  on_finish: Hooks.optional(),
  on_failure: Hooks.optional(),
  on_render: Hooks.optional(),
  serializer: z.string().optional(),
  unserializer: z.string().optional(),
  static_analysis: z.union([z.enum(["regular", "strict", "disable"]), z.boolean()]).optional(),
  deps: z.array(z.string()).optional().describe(
    "plait: extra files whose content is part of the fingerprint",
  ),
  doc: z.string().optional().describe("plait: a one-line description for `status`"),
  kernel: z.string().optional().describe("plait: the Jupyter kernel name (default python3)"),
  resources: Resources.optional().describe(
    "plait: what the task needs on a cluster (executor kind slurm); [[param]] placeholders are filled per grid point",
  ),
  timeout: z.number().positive().optional().describe(
    "plait: a cell's time limit in seconds; a cell still running then fails the task",
  ),
  papermill_params: z.looseObject({ execution_timeout: z.number().positive().optional() }).optional()
    .describe("Of papermill's options, execution_timeout (a cell's time limit in seconds) is honoured"),
  class: z.string().optional().describe(
    "NotebookRunner (default for scripts) or ScriptRunner (no executed notebook; products are files)",
  ),
  nbconvert_exporter_name: z.string().optional().describe(
    "The nbconvert exporter for a notebook product that is not .ipynb (default: from its extension)",
  ),
  nbconvert_export_kwargs: z.record(z.string(), z.unknown()).optional().describe(
    "Keyword arguments of that exporter, e.g. {exclude_input: true}",
  ),
  ...known(IGNORED_TASK_KEYS),
  ...known(UNSUPPORTED_TASK_KEYS),
});

const Executor = z.union([
  z.enum(["serial", "parallel"]),
  z.strictObject({ parallel: z.number().int().positive() }),
  z.looseObject({ dotted_path: z.string(), processes: z.number().int().positive().optional() }),
  z.strictObject({
    kind: z.literal("slurm"),
    jobs: z.number().int().positive().optional().describe("Most jobs queued or running at once (default 50)"),
    sbatch: z.array(z.string()).optional().describe("Options passed to every sbatch"),
  }).describe("plait: run each task as a SLURM job"),
]);

/** Meta keys plait does not support (each changes how tasks are declared). */
export const UNSUPPORTED_META_KEYS = [
  "source_loader",
  "product_default_class",
] as const;

const Meta = z.strictObject({
  extract_upstream: z.boolean().optional(),
  jupyter_hot_reload: z.boolean().optional(),
  jupyter_functions_as_notebooks: z.boolean().optional(),
  extract_product: z.boolean().optional().describe(
    "Take each script's product from the `product = ...` of its parameters cell",
  ),
  product_relative_to_source: z.boolean().optional().describe(
    "Relative product paths of scripts and notebooks start at the source's folder",
  ),
  import_tasks_from: z.string().optional().describe(
    "A YAML file with more tasks (a list); its relative sources are relative to that file",
  ),
  ...known(UNSUPPORTED_META_KEYS),
});

/** A whole pipeline.yaml (Ploomber's format, plus a few plait keys). */
export const PipelineSchema = z.strictObject({
  meta: Meta.optional(),
  executor: Executor.optional(),
  tasks: z.array(TaskSchema).describe("The pipeline's tasks"),
  serializer: z.string().optional(),
  unserializer: z.string().optional(),
  on_finish: Hooks.optional(),
  on_failure: Hooks.optional(),
  kernel: z.string().optional().describe("plait: the Jupyter kernel name for every task"),
  preload: z.array(z.string()).optional().describe("plait: modules kernels import ahead of time"),
  export: ExportSchema.optional(),
  config: z.unknown().optional(),
  on_render: Hooks.optional(),
  clients: z.unknown().optional(),
});

/** The `meta:` section. */
export const MetaSchema = Meta;

/** The top level of pipeline.yaml with each task left unchecked, so tasks are validated one by one. */
export const PipelineTopSchema = PipelineSchema.extend({ tasks: z.array(z.unknown()) });

/** The parsed shape of pipeline.yaml. */
export type PipelineYaml = z.infer<typeof PipelineSchema>;
/** The parsed shape of one task entry. */
export type TaskYaml = z.infer<typeof TaskSchema>;

/** JSON Schema for editors (generated from the zod schema; shipped as schema/pipeline.schema.json). */
export function pipelineJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PipelineSchema, { unrepresentable: "any" }) as Record<string, unknown>;
  return { ...schema, title: "plait / Ploomber pipeline.yaml" };
}
