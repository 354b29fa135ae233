import type { SourceLocation } from "../errors/mod.ts";
import type { ExportOptions } from "./export_options.ts";

/** A task's product: one path, or named paths (`{ nb: "out/a.ipynb", data: "out/a.csv" }`). */
export type Product = string | Readonly<Record<string, string>>;

/** Grid values: a dict of lists (their cartesian product), or a list of such dicts (their union). */
export type GridSpec =
  | Readonly<Record<string, readonly unknown[]>>
  | readonly Readonly<Record<string, readonly unknown[]>>[];

/** What a TypeScript function task receives. Paths are relative to the pipeline folder. */
export interface TaskContext {
  /** The task's name (a grid point's own name, e.g. `fit-0`). */
  readonly name: string;
  /** What the task writes: one path, or named paths (`nb`, `data`, ...). */
  readonly product: Product;
  /** Upstream products by name (a glob or grid group maps to `{ taskName: product }`). */
  readonly upstream: Readonly<Record<string, Product | Record<string, Product>>>;
  /** Parameters passed to the task (injected into a script, keyword arguments of a function). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Absolute path of the pipeline folder. */
  readonly root: string;
}

/** A TypeScript function run as a task, inside the Deno process. */
export type TaskFunction = (ctx: TaskContext) => unknown | Promise<unknown>;

/**
 * A hook: a Python dotted path (`hooks.notify`), a dotted path with keyword arguments
 * (`{ dotted_path: "hooks.notify", channel: "ml" }`), or a TypeScript function.
 */
export type HookSpec =
  | string
  | { readonly dotted_path: string; readonly [kwarg: string]: unknown }
  | ((ctx: TaskContext & { readonly error?: string }) => unknown | Promise<unknown>);

/** A glob over task names, such as `fit-*`. */
export type UpstreamGlob = `${string}*${string}`;

/** `fit-[[a]]-x` -> `fit--x`: a grid name without its placeholders (for {@link GridNames}). */
export type RemovePlaceholders<S extends string> = S extends `${infer A}[[${string}]]${infer B}`
  ? `${A}${RemovePlaceholders<B>}`
  : S;
/** `fit-[[a]]` -> `fit-${string}`: any point of a grid name (for {@link GridNames}). */
export type FillPlaceholders<S extends string> = S extends `${infer A}[[${string}]]${infer B}`
  ? `${A}${string}${FillPlaceholders<B>}`
  : S;
/** A name without trailing `-` or `_` (for {@link GridNames}). */
export type TrimSeparators<S extends string> = S extends `${infer P}-` ? TrimSeparators<P>
  : S extends `${infer P}_` ? TrimSeparators<P>
  : S;

/**
 * The names a grid task `N` adds, for type-checking `upstream`: its group name (`fit` for
 * `fit-` or `fit-[[alpha]]`) and its points (`fit-0`, `fit-${string}`).
 */
export type GridNames<N extends string> =
  | TrimSeparators<RemovePlaceholders<N>>
  | (N extends `${string}[[${string}]]${string}` ? FillPlaceholders<N> : `${N}${number}`);

/**
 * What a task asks of a cluster scheduler (SLURM): used by `executor: { kind: "slurm" }`, ignored by the
 * local executors, and never part of a task's fingerprint. String values may hold `[[param]]`
 * placeholders, filled per grid point (`mem: "[[mem]]"`).
 */
export interface Resources {
  /** CPUs for the task (`sbatch --cpus-per-task`). */
  readonly cpus?: number | string;
  /** Memory, e.g. `"16G"` or `"500M"` (`sbatch --mem`). */
  readonly mem?: string;
  /** Time limit, SLURM's format: minutes, `"MM:SS"`, `"HH:MM:SS"`, `"D-HH:MM:SS"` (`sbatch --time`). */
  readonly time?: string;
  /** GPUs (`sbatch --gpus`); 0 asks for none. */
  readonly gpus?: number | string;
  /** Partition (`sbatch --partition`), instead of the executor's. */
  readonly partition?: string;
  /** More `sbatch` options for this task, after the executor's (e.g. `["--constraint=avx2"]`). */
  readonly sbatch?: readonly string[];
  /** Run this task on the machine running the build, in the local kernel pool, not as a job. */
  readonly local?: boolean;
}

/** A task's resources once placeholders are filled and values checked. */
export interface TaskResources {
  /** CPUs (`--cpus-per-task`). */
  readonly cpus?: number;
  /** Memory (`--mem`). */
  readonly mem?: string;
  /** Time limit (`--time`). */
  readonly time?: string;
  /** GPUs (`--gpus`). */
  readonly gpus?: number;
  /** Partition (`--partition`). */
  readonly partition?: string;
  /** Extra sbatch options. */
  readonly sbatch: readonly string[];
  /** Run in the local kernel pool instead of as a job. */
  readonly local: boolean;
}

/** What `.task(name, options)` accepts. `U` is the union of names declared before it. */
export interface TaskOptions<U extends string = string> {
  /**
   * A percent-format `.py` script or an `.ipynb` notebook (path relative to the pipeline folder),
   * or a Python function by dotted path (`tasks.features.sepal`).
   */
  readonly source?: string;
  /** A TypeScript function to run instead of a Python source. */
  readonly run?: TaskFunction;
  /** What the task writes: one path, or named paths (`nb`, `data`, ...). */
  readonly product: Product;
  /**
   * Tasks this one reads from. When omitted for a Python source, it is read from the
   * source's `parameters` cell (`upstream = ["load"]`), as in Ploomber.
   */
  readonly upstream?: readonly (U | UpstreamGlob)[];
  /** Parameters passed to the task (injected into a script, keyword arguments of a function). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Expands the task into one task per grid point. */
  readonly grid?: GridSpec;
  /** Hooks run after success (Python dotted paths, or TypeScript functions). */
  readonly onFinish?: HookSpec | readonly HookSpec[];
  /** Hooks run after a failure. */
  readonly onFailure?: HookSpec | readonly HookSpec[];
  /** Hooks run before the build starts (Ploomber's render), whether the task runs or not. */
  readonly onRender?: HookSpec | readonly HookSpec[];
  /** Python dotted path of a function `(obj, product)` that saves a function task's return value. */
  readonly serializer?: string;
  /** Python dotted path of a function `(product)` that loads an upstream product for a function task. */
  readonly unserializer?: string;
  /** Extra files whose content is part of the task's fingerprint. */
  readonly deps?: readonly string[];
  /** A one-line description shown by `status`. */
  readonly doc?: string;
  /** Kernel name to run this task in (default: the pipeline's, else `python3`). */
  readonly kernel?: string;
  /**
   * What the task needs from a cluster (`executor: { kind: "slurm" }`): a value, or a function of
   * the grid point's values (and params) returning one, so each point can ask for its own.
   */
  readonly resources?: Resources | ((params: Readonly<Record<string, unknown>>) => Resources);
  /**
   * A script's or function's time limit per cell, in seconds (YAML: `timeout`, or Ploomber's
   * `papermill_params: {execution_timeout: N}`): a cell still running then is interrupted (its kernel
   * killed if it does not stop) and the task fails with that reason.
   */
  readonly timeout?: number;
  /**
   * Keep the executed notebook as the `nb` product (default true). `false` runs a script like
   * Ploomber's `ScriptRunner`: no notebook is kept, every product is a file the script writes.
   */
  readonly notebook?: boolean;
  /**
   * How a notebook product that is not `.ipynb` (`.html`, `.md`, `.pdf`, ...) is converted by
   * nbconvert in the kernel's Python (YAML: `nbconvert_exporter_name`, `nbconvert_export_kwargs`).
   */
  readonly nbconvert?: NbconvertOptions;
}

/** The nbconvert exporter and its keyword arguments for a notebook product that is not `.ipynb`. */
export interface NbconvertOptions {
  /** An nbconvert exporter name (`html`, `markdown`, `pdf`, `webpdf`, ...); default: from the extension. */
  readonly exporter?: string;
  /** Keyword arguments of the exporter, as `nbconvert.export()` takes them (e.g. `{exclude_input: true}`). */
  readonly kwargs?: Readonly<Record<string, unknown>>;
}

/**
 * Runs each task that must run as one SLURM job (`sbatch`), the build staying on this machine.
 * Tasks with `resources: { local: true }` run here instead.
 */
export interface SlurmExecutor {
  /** Selects this executor. */
  readonly kind: "slurm";
  /** Most jobs queued or running at once (default 50). */
  readonly jobs?: number;
  /** Options passed to every `sbatch` (e.g. `["--partition=cpu", "--account=lab"]`). */
  readonly sbatch?: readonly string[];
}

/** How tasks are scheduled. */
export type ExecutorSpec = "serial" | "parallel" | { readonly parallel: number } | SlurmExecutor;

/** Options given to `pipeline()`. */
export interface PipelineOptions {
  /** `serial` (default), `parallel` (one task a core), or `{ parallel: n }`. */
  readonly executor?: ExecutorSpec;
  /** Read `upstream` from each source's parameters cell when a task does not declare it (default true). */
  readonly extractUpstream?: boolean;
  /** Python dotted path of a function `(obj, product)` that saves a function task's return value. */
  readonly serializer?: string;
  /** Python dotted path of a function `(product)` that loads an upstream product. */
  readonly unserializer?: string;
  /** Hooks run after success (Python dotted paths, or TypeScript functions). */
  readonly onFinish?: HookSpec | readonly HookSpec[];
  /** Hooks run after a failure. */
  readonly onFailure?: HookSpec | readonly HookSpec[];
  /** Hooks run before the build starts, after the tasks' own `onRender` hooks. */
  readonly onRender?: HookSpec | readonly HookSpec[];
  /** Kernel name for every Python task (default `python3`). */
  readonly kernel?: string;
  /** Python modules the kernels should import ahead of time (e.g. `["pandas"]`). */
  readonly preload?: readonly string[];
  /** Settings for `plait export` (image, namespace, shared storage, per-target sections). */
  readonly export?: ExportOptions;
}

/** Where a definition came from, field by field when known (YAML), else the call site. */
export interface DefinitionLocations {
  /** Where the task (its `.task()` call or YAML entry) is. */
  readonly task: SourceLocation;
  /** Where each option is, by key (YAML only). */
  readonly fields?: Readonly<Record<string, SourceLocation>>;
}

/** A task as declared, before grid expansion and validation. */
export interface TaskDefinition {
  /** The name as given (grid placeholders not yet filled). */
  readonly name: string;
  /** The options as given. */
  readonly options: TaskOptions;
  /** Where it was defined. */
  readonly where: DefinitionLocations;
}

/** Upstream key as the task sees it in its `upstream` dict. */
export interface UpstreamRef {
  /** The key in `upstream` (a task name, a glob, or a grid group name). */
  readonly key: string;
  /** The task names the key resolves to. */
  readonly tasks: readonly string[];
  /** True when the key stands for several tasks (a glob or grid group): its value is a dict by task name. */
  readonly multi: boolean;
}

/** A validated task of a resolved pipeline. */
export interface Task {
  /** The task's unique name. */
  readonly name: string;
  /** A script or notebook, a Python function, or a TypeScript function. */
  readonly kind: "notebook" | "function" | "typescript";
  /** Absolute path of the script, notebook, or (for a function) its module file. */
  readonly sourcePath?: string;
  /** The dotted path of a Python function task. */
  readonly dottedPath?: string;
  /** The TypeScript function of a `typescript` task. */
  readonly run?: TaskFunction;
  /** Products with paths relative to the pipeline folder. */
  readonly product: Product;
  /** Parameters passed to the task (injected into a script, keyword arguments of a function). */
  readonly params: Readonly<Record<string, unknown>>;
  /** For a task expanded from a grid: its group, point index and values. */
  readonly grid?: {
    readonly group: string;
    readonly index: number;
    readonly values: Readonly<Record<string, unknown>>;
  };
  /** Direct upstream task names, sorted. */
  readonly upstream: readonly string[];
  /** The upstream as declared (a name or a glob), with the tasks each resolves to. */
  readonly upstreamRefs: readonly UpstreamRef[];
  /** Hooks run after success. */
  readonly onFinish: readonly HookSpec[];
  /** Hooks run after a failure. */
  readonly onFailure: readonly HookSpec[];
  /** Optional so that tasks made by hand (tests, other tools) need not list it. */
  readonly onRender?: readonly HookSpec[];
  /** Python dotted path of a function `(obj, product)` that saves a function task's return value. */
  readonly serializer?: string;
  /** Python dotted path of a function `(product)` that loads an upstream product. */
  readonly unserializer?: string;
  /** Extra dependency files, relative to the pipeline folder. */
  readonly deps: readonly string[];
  /** A one-line description (the `doc` option, the source's first markdown cell or docstring). */
  readonly doc?: string;
  /** The Jupyter kernel name it runs in. */
  readonly kernel: string;
  /** Cluster resources (placeholders filled for this grid point); undefined when none were given. */
  readonly resources?: TaskResources;
  /** A cell's time limit in seconds (see {@link TaskOptions.timeout}). */
  readonly timeout?: number;
  /** `false` for a script run without keeping its notebook (Ploomber's `ScriptRunner`). */
  readonly notebook?: false;
  /** How a notebook product that is not `.ipynb` is converted (see {@link TaskOptions.nbconvert}). */
  readonly nbconvert?: NbconvertOptions;
  /** Where the task is defined (pipeline.ts call or YAML entry). */
  readonly location: SourceLocation;
}

/** A loaded, validated pipeline: tasks in a topological order. */
export interface Pipeline {
  /** Absolute path of the pipeline folder (where products and sources are resolved). */
  readonly root: string;
  /** Absolute path of pipeline.ts / pipeline.yaml, or a label for in-memory pipelines. */
  readonly file: string;
  /** How many tasks run at once, and where (`slurm`: each task a cluster job). */
  readonly executor: {
    readonly kind: "serial" | "parallel" | "slurm";
    readonly jobs?: number;
    /** `sbatch` options for every job (slurm only). */
    readonly sbatch?: readonly string[];
  };
  /** Every task by name. */
  readonly tasks: ReadonlyMap<string, Task>;
  /** Names in a deterministic topological order. */
  readonly order: readonly string[];
  /** Names grouped in dependency layers (layer k depends only on layers < k). */
  readonly layers: readonly (readonly string[])[];
  /** The options given to `pipeline()` (or read from YAML). */
  readonly options: PipelineOptions;
  /** Downstream adjacency: name -> direct dependents, sorted. */
  readonly downstream: ReadonlyMap<string, readonly string[]>;
}

/** Every product path of a product, in a stable order (named products sorted by key). */
export function productPaths(product: Product): string[] {
  if (typeof product === "string") return [product];
  return Object.keys(product).sort().map((k) => product[k]);
}
