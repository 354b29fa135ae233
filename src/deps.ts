/**
 * Third-party code, gathered in one place with full specifiers so that a remote
 * importer of `mod.ts` (who does not see our import map) resolves the same versions.
 *
 * @module
 */
export { isMap, isScalar, isSeq, LineCounter, parseDocument } from "npm:yaml@2.9.1";
export type { Document, Node as YamlNode, Pair, YAMLMap, YAMLSeq } from "npm:yaml@2.9.1";
export { z } from "npm:zod@4.6.7";
export { Command, Option } from "npm:@commander-js/extra-typings@15.1.0";
export { parser as pythonParser } from "npm:@lezer/python@1.1.19";
export type { SyntaxNode, Tree } from "npm:@lezer/common@1.5.5";
