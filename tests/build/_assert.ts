/** Assertions for the build tests (node's strict assert, named like @std/assert). */
import { deepStrictEqual, match, ok } from "node:assert/strict";

export { deepStrictEqual as assertEquals, match as assertMatch, ok as assert };

/** Fails unless `text` contains `part`, showing the text. */
export function assertStringIncludes(text: string, part: string, message?: string): void {
  ok(text.includes(part), message ?? `expected to find ${JSON.stringify(part)} in:\n${text}`);
}
