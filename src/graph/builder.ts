import { fromFileUrl } from "../util/path.ts";
import { callSite } from "./call_site.ts";
import { mainHandler } from "./entry_point.ts";
import type {
  DefinitionLocations,
  GridNames,
  GridSpec,
  PipelineOptions,
  TaskDefinition,
  TaskOptions,
} from "./types.ts";

/**
 * Builds a pipeline one task at a time. Each `.task()` returns a builder whose type knows the
 * new name, so a misspelt `upstream` is a type error.
 */
export class PipelineBuilder<Names extends string = never> {
  /** The options given to `pipeline()`. */
  readonly options: PipelineOptions;
  /** The tasks added so far, in order. */
  readonly definitions: readonly TaskDefinition[];
  /** Where `pipeline()` was called (or the YAML file). */
  readonly location: DefinitionLocations["task"];

  /** Use {@link pipeline} to start one. */
  constructor(
    options: PipelineOptions,
    definitions: readonly TaskDefinition[],
    location: DefinitionLocations["task"],
  ) {
    this.options = options;
    this.definitions = definitions;
    this.location = location;
  }

  /**
   * Adds a task. `upstream` may name only tasks added before it (or a glob like `fit-*`).
   *
   * @example
   * ```ts
   * import { pipeline } from "../../mod.ts";
   * const p = pipeline()
   *   .task("load", { source: "tasks/load.py", product: "output/load.ipynb" })
   *   .task("clean", { source: "tasks/clean.py", upstream: ["load"], product: "output/clean.ipynb" });
   * console.log(p.definitions.length); // 2
   * ```
   */
  task<N extends string>(
    name: N,
    options: TaskOptions<Names> & { readonly grid: GridSpec },
    where?: DefinitionLocations,
  ): PipelineBuilder<Names | N | GridNames<N>>;
  /** Adds a task without a grid. */
  task<N extends string>(
    name: N,
    options: TaskOptions<Names>,
    where?: DefinitionLocations,
  ): PipelineBuilder<Names | N>;
  task<N extends string>(
    name: N,
    options: TaskOptions<Names>,
    where?: DefinitionLocations,
  ): PipelineBuilder<string> {
    const def: TaskDefinition = {
      name,
      options: options as TaskOptions,
      where: where ?? { task: callSite() },
    };
    return new PipelineBuilder<string>(this.options, [...this.definitions, def], this.location);
  }

  /**
   * When the calling module is the program's entry point, runs plait's CLI (`build`, `status`,
   * `plot`, ...) on this pipeline with `Deno.args`, then exits with its code. Otherwise does nothing,
   * so `cli.ts -e pipeline.ts` can import the module and use its default export.
   */
  main(meta: ImportMeta): this {
    if (meta.main) {
      void mainHandler()(this as PipelineBuilder<string>, meta.filename ?? fromFileUrl(meta.url));
    }
    return this;
  }
}

/**
 * Starts a pipeline definition.
 *
 * @example
 * ```ts
 * import { pipeline } from "../../mod.ts";
 * const p = pipeline({ executor: "parallel" })
 *   .task("load", { source: "tasks/load.py", product: { nb: "output/load.ipynb", data: "output/raw.csv" } });
 * console.log(p.definitions[0].name); // "load"
 * ```
 */
export function pipeline(
  options: PipelineOptions = {},
  where?: DefinitionLocations["task"],
): PipelineBuilder<never> {
  return new PipelineBuilder<never>(options, [], where ?? callSite());
}
