/**
 * One table-driven test over every folder here: each holds a broken pipeline (pipeline.yaml or
 * pipeline.ts, with its tasks) and `expected.txt`, the exact message plait gives for it, with
 * paths relative to the case folder. `UPDATE_GOLDEN=1` rewrites the expected files.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { SpecError } from "../../src/errors/mod.ts";
import { loadPipeline } from "../../src/project/mod.ts";
import { displayPath, fromFileUrl, join } from "../../src/util/path.ts";

const HERE = fromFileUrl(new URL(".", import.meta.url));
const update = Deno.env.get("UPDATE_GOLDEN") === "1";

function normalise(message: string, dir: string): string {
  return message.replaceAll(`${dir}/`, "").replaceAll(`${displayPath(dir)}/`, "").trimEnd();
}

const cases = [...Deno.readDirSync(HERE)].filter((e) => e.isDirectory).map((e) => e.name).sort();

Deno.test("bad pipelines: the table has a case per kind of problem", () => {
  assert(cases.length >= 12, `only ${cases.length} cases`);
});

for (const name of cases) {
  Deno.test(`loadPipeline() reports every problem of tests/bad_pipelines/${name}, located`, async () => {
    const dir = join(HERE, name);
    let error: unknown;
    try {
      await loadPipeline({ entry: dir, envOverrides: {} });
    } catch (e) {
      error = e;
    }
    assert(error instanceof SpecError, `expected a SpecError, got ${error}`);
    const actual = normalise(error.message, dir);
    const expectedFile = join(dir, "expected.txt");
    if (update) await Deno.writeTextFile(expectedFile, actual + "\n");
    assertEquals(actual, (await Deno.readTextFile(expectedFile)).trimEnd());
    // Every issue says where it is.
    for (const issue of error.issues) assert(issue.location?.file, `unlocated: ${issue.message}`);
  });
}
