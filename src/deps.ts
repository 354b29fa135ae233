/**
 * Third-party code, with full specifiers so that a remote importer of `mod.ts` (who does not see
 * our import map) resolves the same versions. Two heavier ones sit apart, loaded only when needed:
 * the Python grammar in `deps_python.ts` (parsing sources; a no-op rebuild skips it) and the layout
 * library in `deps_plot.ts` (only `plot`).
 *
 * @module
 */
export { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from "npm:yaml@2.9.1";
export type { Document, Node as YamlNode, Pair, ScalarTag, YAMLMap, YAMLSeq } from "npm:yaml@2.9.1";
export { z } from "npm:zod@4.6.7";
export { Command, Option } from "npm:@commander-js/extra-typings@15.1.0";
