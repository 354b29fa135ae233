/**
 * Bad `export:` settings are located errors (pipeline.yaml:LINE:COL), all reported at once, and
 * nothing is written. No kernel runs: export reads the graph and the state only.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { path } from "../../src/util/mod.ts";
import { plait, writeProject } from "./_project.ts";

const TASK = `tasks:
  - source: tasks/load.py
    product: {nb: output/load.ipynb}
`;
const LOAD = '# %% tags=["parameters"]\nupstream = None\nproduct = None\n';

/** `pipeline.yaml:L:C` of `value` on the line starting with `key:` (after `after`, if given). */
function where(text: string, key: string, value: string, after = 0): string {
  const lines = text.split("\n");
  const i = lines.findIndex((l, n) => n >= after && l.trimStart().startsWith(`${key}:`));
  return `pipeline.yaml:${i + 1}:${lines[i].indexOf(value, lines[i].indexOf(key)) + 1}`;
}

async function exportFails(yaml: string, target: string): Promise<string> {
  const { root, dir } = await writeProject({ "pipeline.yaml": yaml, "tasks/load.py": LOAD });
  try {
    const r = await plait(dir, ["export", target, "-o", "out"]);
    assertEquals(r.code, 2, r.err + r.out);
    assertEquals(await Deno.stat(path.join(dir, "out")).then(() => true, () => false), false);
    assert(!r.err.includes("    at "), r.err);
    return r.err;
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("export: bad settings are each located, all reported at once, before anything is written", async () => {
  const yaml = `export:
  image: "Bad Image"
  service_account: Runner_1
  storage: {claim: shared, host: /mnt/x}
  airflow:
    schedule: every day
    start_date: "2024-13-45"
${TASK}`;
  const err = await exportFails(yaml, "airflow");
  assert(err.startsWith("5 problems:"), err);
  for (
    const [key, value, message] of [
      ["image", '"Bad Image"', 'Cannot use "Bad Image" as an image'],
      ["service_account", "Runner_1", 'Cannot use "Runner_1" as a Kubernetes service account'],
      ["storage", "{claim", "Cannot use storage with claim and host: give one kind"],
      ["schedule", "every day", 'Cannot use "every day" as an Airflow schedule'],
      ["start_date", '"2024-13-45"', 'Cannot use "2024-13-45" as a start date'],
    ]
  ) {
    assert(err.includes(`${where(yaml, key, value)}: ${message}`), `${key}: ${err}`);
  }
});

Deno.test("export: aws-batch needs a job queue and EFS or host storage; unknown keys are located too", async () => {
  const yaml = `export:
  storage: {claim: shared}
${TASK}`;
  const err = await exportFails(yaml, "aws-batch");
  assert(err.includes(`${where(yaml, "storage", "{")}: Cannot use storage.claim with aws-batch`), err);
  assert(/pipeline\.yaml:2:3: Cannot export to aws-batch without a job queue/.test(err), err);

  const typo = `export:
  argo:
    namespce: data
${TASK}`;
  const err2 = await exportFails(typo, "argo");
  assert(err2.includes(`${where(typo, "namespce", "namespce")}:`) && err2.includes("namespce"), err2);
});

Deno.test("export: a product in the project's top folder cannot be shared, and says so", async () => {
  const yaml = `tasks:
  - source: tasks/load.py
    product: {nb: load.ipynb}
`;
  const err = await exportFails(yaml, "k8s");
  assert(
    err.includes('pipeline.yaml:2:5: Cannot export task "load": its product "load.ipynb" is in the project'),
    err,
  );
  assert(err.includes("hint: put it in a folder, e.g. output/load.ipynb"), err);
});
