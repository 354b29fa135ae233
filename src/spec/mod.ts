/**
 * Ploomber's `pipeline.yaml` -> the same builder calls a TypeScript user makes.
 * @module
 */
export { builtinEnv, type EnvContext, envDefaults, fillPlaceholders, makeEnv } from "./env.ts";
export {
  type LoadedYaml,
  type LoadYamlOptions,
  loadYamlPipeline,
  type ReadYaml,
  readYamlPipeline,
  taskName,
} from "./load_yaml.ts";
export {
  MetaSchema,
  pipelineJsonSchema,
  PipelineSchema,
  PipelineTopSchema,
  type PipelineYaml,
  TaskSchema,
  type TaskYaml,
} from "./schema.ts";
export { locate, type LocatedYaml, parseLocatedYaml } from "./yaml_value.ts";
