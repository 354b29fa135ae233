/**
 * Ploomber's `pipeline.yaml` -> the same builder calls a TypeScript user makes.
 * @module
 */
export { builtinEnv, type EnvContext, fillPlaceholders, makeEnv } from "./env.ts";
export { type LoadedYaml, loadYamlPipeline, type LoadYamlOptions } from "./load_yaml.ts";
export { PipelineSchema, pipelineJsonSchema, type PipelineYaml, TaskSchema, type TaskYaml } from "./schema.ts";
export { type LocatedYaml, parseLocatedYaml } from "./yaml_value.ts";
