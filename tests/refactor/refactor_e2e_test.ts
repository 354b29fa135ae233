/**
 * End to end: each test notebook is run top to bottom in a real kernel (the reference), refactored
 * with `refactor`, built with `cli.ts build` (real kernels), and the value it prints and saves
 * (`result: ...`, `result.txt`) must be the same.
 */
import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { runRefactor } from "../../src/cli/refactor.ts";
import { path } from "../../src/util/mod.ts";

const PYTHON = "/usr/bin/python3";
const FIXTURES = path.fromFileUrl(new URL("../fixtures/refactor/", import.meta.url));
const CLI = path.fromFileUrl(new URL("../../cli.ts", import.meta.url));
const REFERENCE = path.fromFileUrl(new URL("./_reference.py", import.meta.url));
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

interface Outcome {
  /** The `result: ...` line the notebook prints. */
  printed: string;
  /** What it saves to result.txt. */
  saved: string;
}

function resultLine(text: string): string {
  return text.split("\n").find((l) => l.startsWith("result:")) ??
    `(no result line in: ${text.slice(0, 500)})`;
}

async function run(cmd: string, args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" }).output();
  const text = decode(out.stdout) + decode(out.stderr);
  ok(out.success, `${cmd} ${args.join(" ")} failed:\n${text}`);
  return text;
}

/** Runs the notebook as it is, top to bottom, in its own folder (one IPython shell, see _reference.py). */
async function reference(fixture: string, dir: string): Promise<Outcome> {
  await Deno.mkdir(dir);
  await Deno.copyFile(`${FIXTURES}${fixture}`, `${dir}/${fixture}`);
  const stdout = await run(PYTHON, [REFERENCE, `${dir}/${fixture}`], dir);
  return { printed: resultLine(stdout), saved: await Deno.readTextFile(`${dir}/result.txt`) };
}

/** Refactors the notebook with `flags`, builds the pipeline, and reads what the last task printed. */
async function refactorAndBuild(
  fixture: string,
  dir: string,
  flags: string[],
): Promise<Outcome & { dir: string }> {
  await Deno.mkdir(dir);
  await Deno.copyFile(`${FIXTURES}${fixture}`, `${dir}/${fixture}`);
  assertEquals(await runRefactor([`${dir}/${fixture}`, ...flags]), 0);
  const entry = flags.includes("--ts") ? ["run", "-A", `${dir}/pipeline.ts`, "build"] : [
    "run",
    "-A",
    CLI,
    "build",
    "-e",
    `${dir}/pipeline.yaml`,
  ];
  await run("deno", [...entry, "--python", PYTHON], dir);
  const saved = await Deno.readTextFile(`${dir}/result.txt`);
  const outputs = [...Deno.readDirSync(`${dir}/output`)].filter((e) => e.name.endsWith(".ipynb"));
  const printed = await Promise.all(outputs.map((e) => notebookStdout(`${dir}/output/${e.name}`)));
  return { printed: resultLine(printed.join("")), saved, dir };
}

async function notebookStdout(file: string): Promise<string> {
  const nb = JSON.parse(await Deno.readTextFile(file));
  return nb.cells.flatMap((c: { outputs?: { name?: string; text?: string | string[] }[] }) =>
    (c.outputs ?? []).filter((o) => o.name === "stdout").map((o) => [o.text ?? ""].flat().join(""))
  ).join("");
}

/** Reference and pipeline side by side in a temp dir; returns the pipeline's folder for more checks. */
async function compare(
  fixture: string,
  flags: string[],
  check?: (dir: string) => Promise<void> | void,
): Promise<void> {
  const tmp = await Deno.makeTempDir({ prefix: "plait_refactor_e2e_" });
  try {
    const [want, got] = await Promise.all([
      reference(fixture, `${tmp}/reference`),
      refactorAndBuild(fixture, `${tmp}/pipeline`, flags),
    ]);
    ok(want.printed.startsWith("result: "), want.printed);
    assertEquals(got.printed, want.printed);
    assertEquals(got.saved, want.saved);
    await check?.(got.dir);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

const taskNames = (dir: string) => [...Deno.readDirSync(`${dir}/tasks`)].map((e) => e.name).sort();

Deno.test("refactor: the iris ML notebook builds and computes the same accuracy; its plot is kept", async () => {
  await compare("ml.ipynb", [], async (dir) => {
    assertEquals(taskNames(dir), [
      "clean.py",
      "evaluate.py",
      "fit.py",
      "load-data.py",
      "plot.py",
      "train-test-split.py",
    ]);
    const evaluate = await Deno.readTextFile(`${dir}/tasks/evaluate.py`);
    ok(evaluate.includes('upstream = ["train-test-split", "fit"]'), evaluate);
    ok(evaluate.includes('upstream["train-test-split"]["X_test"]'), evaluate);
    const plot = await Deno.readTextFile(`${dir}/output/plot.ipynb`);
    ok(plot.includes('"image/png"'), "the executed plot task holds the figure");
  });
});

Deno.test("refactor: --ts --file-format ipynb --df-format csv builds the ML notebook to the same accuracy", async () => {
  await compare("ml.ipynb", ["--ts", "--file-format", "ipynb", "--df-format", "csv"], async (dir) => {
    ok((await Deno.readTextFile(`${dir}/pipeline.ts`)).includes('.task("fit", {'));
    assertEquals(taskNames(dir), [
      "clean.ipynb",
      "evaluate.ipynb",
      "fit.ipynb",
      "load-data.ipynb",
      "plot.ipynb",
      "train-test-split.ipynb",
    ]);
    const csv = await Deno.readTextFile(`${dir}/output/train-test-split-X_train`);
    ok(csv.startsWith(",sepal length (cm)"), "DataFrames are saved as csv");
  });
});

Deno.test("refactor: helper functions and a class move to exported.py and the results match", async () => {
  await compare("helpers.ipynb", [], async (dir) => {
    const exported = await Deno.readTextFile(`${dir}/exported.py`);
    ok(exported.includes("class Scaler:") && exported.includes("def make_frame(n, seed):"), exported);
    ok(
      (await Deno.readTextFile(`${dir}/tasks/features.py`)).includes(
        "from exported import Scaler, add_total",
      ),
    );
  });
});

Deno.test("refactor: magics and shell escapes survive and run in the pipeline", async () => {
  await compare("magics.ipynb", [], async (dir) => {
    const compute = await Deno.readTextFile(`${dir}/tasks/compute.py`);
    ok(compute.includes("%%time\nvalues = np.arange(10) ** 2") && compute.includes("%time doubled"), compute);
    ok((await notebookStdout(`${dir}/output/compute.ipynb`)).includes("Wall time"), "%%time ran");
  });
});

Deno.test("refactor: a variable redefined and mutated in later sections comes from the nearest one", async () => {
  await compare("redefine.ipynb", [], async (dir) => {
    const report = await Deno.readTextFile(`${dir}/tasks/report.py`);
    ok(report.includes('upstream = ["adjust"]'), report);
  });
});

Deno.test("refactor: a notebook without H2 headings builds as a single task", async () => {
  await compare("no_h2.ipynb", ["--single-task"], (dir) => {
    assertEquals(taskNames(dir), ["no-h2.py"]);
  });
});
