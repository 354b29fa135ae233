/**
 * The Python grammar, kept apart from `deps.ts` so that it is loaded (with a dynamic import, see
 * `src/source/_python.ts`) only when a source must really be parsed: a no-op rebuild reads what it
 * needs from the analysis memo instead.
 *
 * @module
 */
export { parser as pythonParser } from "npm:@lezer/python@1.1.19";
export type { SyntaxNode, Tree } from "npm:@lezer/common@1.5.5";
