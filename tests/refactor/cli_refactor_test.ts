import { deepStrictEqual as assertEquals, ok, rejects } from "node:assert/strict";
import { UsageError } from "../../src/errors/mod.ts";
import { refactorNotebook } from "../../src/refactor/mod.ts";
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

Deno.test("refactor --df-format parquet without pyarrow or fastparquet stops before writing, saying what to do", async () => {
  // This machine's kernel Python (Debian's) has pandas but neither parquet engine: checked, not assumed.
  const probe = await new Deno.Command("/usr/bin/python3", {
    args: [
      "-c",
      "import importlib.util as u; print(any(u.find_spec(m) for m in ('pyarrow', 'fastparquet')))",
    ],
    stdout: "piped",
  }).output();
  if (new TextDecoder().decode(probe.stdout).trim() !== "False") {
    throw new Error("this test expects /usr/bin/python3 without pyarrow and fastparquet");
  }
  const dir = await Deno.makeTempDir({ prefix: "plait_refactor_parquet_" });
  try {
    await rejects(
      refactorNotebook(`${FIXTURES}ml.ipynb`, {
        outDir: dir,
        dfFormat: "parquet",
        python: "/usr/bin/python3",
      }),
      (e: Error) => {
        assertEquals(
          e.message,
          "Cannot save DataFrames as parquet: /usr/bin/python3 has no pyarrow or fastparquet\n" +
            "  hint: install pyarrow for that Python (pip install pyarrow), point --python at one that has it, " +
            "or pass --df-format csv or pickle",
        );
        return e instanceof UsageError;
      },
    );
    assertEquals([...Deno.readDirSync(dir)], [], "nothing written");
    assertEquals(await runRefactor([`${FIXTURES}ml.ipynb`, "-o", dir, "--df-format", "parquet"]), 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
