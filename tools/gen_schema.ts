/**
 * Writes schema/pipeline.schema.json (JSON Schema for pipeline.yaml, for editors) from the zod
 * schema in src/spec/schema.ts. Run: `deno run --allow-write=schema --allow-env=LOG tools/gen_schema.ts`
 * (`--allow-env=LOG` only because src/deps.ts loads @lezer/lr, which reads `process.env.LOG`).
 * `tests/spec/schema_file_test.ts` fails when the shipped file is out of date.
 *
 * @module
 */
import { pipelineJsonSchema } from "../src/spec/mod.ts";

/** The exact text of schema/pipeline.schema.json. */
export function schemaText(): string {
  return JSON.stringify(pipelineJsonSchema(), null, 2) + "\n";
}

/** Where the schema is shipped, relative to the repository root. */
export const SCHEMA_PATH = new URL("../schema/pipeline.schema.json", import.meta.url);

if (import.meta.main) {
  await Deno.writeTextFile(SCHEMA_PATH, schemaText());
}
