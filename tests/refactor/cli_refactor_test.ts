import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { runRefactor } from "../../src/cli/refactor.ts";

const FIXTURES = new URL("../fixtures/refactor/", import.meta.url).pathname;

Deno.test("runRefactor() exits 2 on a bad flag value, a missing notebook, and a notebook without H2", async () => {
  assertEquals(await runRefactor(["--file-format", "xlsx", `${FIXTURES}ml.ipynb`]), 2);
  assertEquals(await runRefactor(["/no/such/notebook.ipynb"]), 2);
  assertEquals(await runRefactor([`${FIXTURES}no_h2.ipynb`, "-o", "/nonexistent-dir-never-written"]), 2);
  assertEquals(await runRefactor(["--help"]), 0);
});

Deno.test("runRefactor() writes into --output with the given product prefix", async () => {
  const dir = await Deno.makeTempDir({ prefix: "plait_refactor_cli_" });
  try {
    assertEquals(
      await runRefactor([`${FIXTURES}redefine.ipynb`, "-o", dir, "--product-prefix", "build/data"]),
      0,
    );
    const yaml = await Deno.readTextFile(`${dir}/pipeline.yaml`);
    ok(
      yaml.includes("nb: build/data/load.ipynb") && yaml.includes("data: build/data/transform-data.pkl"),
      yaml,
    );
    assertEquals(
      await runRefactor([`${FIXTURES}redefine.ipynb`, "-o", dir]),
      2,
      "existing files need --force",
    );
    assertEquals(await runRefactor([`${FIXTURES}redefine.ipynb`, "-o", dir, "--force"]), 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
