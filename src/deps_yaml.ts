/**
 * The YAML library alone (no schema library): what reading a source's jupytext header needs.
 * `deps.ts` re-exports it for the pipeline.yaml reader.
 *
 * @module
 */
export { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from "npm:yaml@2.9.1";
export type { Document, Node as YamlNode, Pair, ScalarTag, YAMLMap, YAMLSeq } from "npm:yaml@2.9.1";
