/**
 * Ploomber's `pipeline.yaml` -> the same builder calls a TypeScript user makes.
 * @module
 */
export { builtinEnv, type EnvContext, fillPlaceholders, makeEnv } from "./env.ts";
export { type LoadedYaml, loadYamlPipeline, type LoadYamlOptions, type ReadYaml, readYamlPipeline, taskName } from "./load_yaml.ts";
export { MetaSchema, PipelineSchema, pipelineJsonSchema, PipelineTopSchema, type PipelineYaml, TaskSchema, type TaskYaml } from "./schema.ts";
export { type LocatedYaml, parseLocatedYaml } from "./yaml_value.ts";
