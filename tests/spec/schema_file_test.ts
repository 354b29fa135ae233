import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { SCHEMA_PATH, schemaText } from "../../tools/gen_schema.ts";

Deno.test("schema/pipeline.schema.json is what tools/gen_schema.ts generates", async () => {
  const shipped = await Deno.readTextFile(SCHEMA_PATH);
  assertEquals(
    shipped,
    schemaText(),
    "out of date: run `deno run --allow-write=schema --allow-env=LOG tools/gen_schema.ts`",
  );
});

Deno.test("the pipeline.yaml JSON Schema describes tasks and rejects unknown keys", () => {
  const schema = JSON.parse(schemaText());
  const task = schema.properties.tasks.items;
  assertEquals(schema.required, ["tasks"]);
  assertEquals(task.required, ["source", "product"]);
  assertEquals(task.additionalProperties, false);
  assertEquals(schema.additionalProperties, false);
  assert(
    ["source", "product", "name", "upstream", "params", "grid", "on_finish", "serializer"].every((k) =>
      k in task.properties
    ),
  );
});
