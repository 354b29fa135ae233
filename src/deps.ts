/**
 * Third-party code, with full specifiers so that a remote importer of `mod.ts` (who does not see
 * our import map) resolves the same versions. This file (YAML, `deps_yaml.ts`, and the schema library)
 * is loaded only when a pipeline.yaml is read. Others sit apart, loaded only when
 * needed: the command-line parser in `deps_cli.ts`, the Python grammar in `deps_python.ts` (parsing
 * sources; a no-op rebuild skips it) and the layout library in `deps_plot.ts` (only `plot`).
 *
 * @module
 */
export { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from "./deps_yaml.ts";
export type { Document, Pair, ScalarTag, YAMLMap, YamlNode, YAMLSeq } from "./deps_yaml.ts";
export { z } from "npm:zod@4.6.7";
