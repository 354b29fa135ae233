/**
 * The CLI a Ploomber user types: `--env--KEY VALUE` cast like Ploomber, PLOOMBER_ENV_FILENAME, `--entry-point`,
 * `-e "*.py"`, `--log LEVEL`, `--log-file`, `plot --backend`, and Ploomber options plait does not have.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { cli, type Ran, run, tempProject } from "./_helpers.ts";

const PROBE =
  '# %% tags=["parameters"]\nupstream = None\nproduct = None\nn = None\nratio = None\nflag = None\n' +
  "name = None\n\n# %%\nimport json\nprint('probe ran')\n" +
  "json.dump({k: [type(v).__name__, v] for k, v in dict(n=n, ratio=ratio, flag=flag, name=name).items()}, " +
  'open(product["data"], "w"))\n';

async function project() {
  const p = await tempProject();
  await p.write("env.yaml", "n: 1\nratio: 0.5\nflag: false\nname: plain\n");
  await p.write("env.other.yaml", "n: 1\nratio: 0.5\nflag: false\nname: other\n");
  await p.write(
    "pipeline.yaml",
    "tasks:\n  - source: probe.py\n" +
      "    params: {n: '{{n}}', ratio: '{{ratio}}', flag: '{{flag}}', name: '{{name}}'}\n" +
      "    product: {nb: out/probe.ipynb, data: out/probe.json}\n",
  );
  await p.write("probe.py", PROBE);
  return p;
}

/** Runs the CLI with extra environment variables. */
async function withEnv(cwd: string, args: string[], env: Record<string, string>): Promise<Ran> {
  const out = await new Deno.Command("deno", {
    args: ["run", "-A", new URL("../../cli.ts", import.meta.url).pathname, ...args],
    cwd,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("--env-- values are cast like Ploomber's; PLOOMBER_ENV_FILENAME picks the env file; --log-file keeps the log", async () => {
  await using p = await project();
  const r = await withEnv(p.dir, [
    "build",
    "--entry-point",
    "pipeline.yaml",
    "--env--n",
    "42",
    "--env--ratio=1.5",
    "--env--flag",
    "true",
    "--log",
    "DEBUG",
    "--log-file",
    "build.log",
  ], { PLOOMBER_ENV_FILENAME: "env.other.yaml" });
  strictEqual(r.code, 0, r.stdout + r.stderr);
  deepStrictEqual(JSON.parse(await p.read("out/probe.json")), {
    n: ["int", 42],
    ratio: ["float", 1.5],
    flag: ["bool", true],
    name: ["str", "other"],
  });
  ok(r.stdout.includes("[probe] probe ran"), r.stdout); // --log DEBUG streams the task's output
  const log = await p.read("build.log");
  ok(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ DEBUG probe: because never run$/m.test(log), log);
  ok(/ INFO \[probe\] probe ran$/m.test(log), log);
  ok(/ INFO done probe \(\d+\.\d\d s\)$/m.test(log), log);

  const missing = await withEnv(p.dir, ["build"], { PLOOMBER_ENV_FILENAME: "env.nope.yaml" });
  strictEqual(missing.code, 2, missing.stderr);
  ok(missing.stderr.includes("(named by PLOOMBER_ENV_FILENAME): it does not exist"), missing.stderr);
});

Deno.test("--env-- usage errors: unknown key with did-you-mean, missing value; build --help lists the keys", async () => {
  await using p = await project();
  const unknown = await cli(p.dir, ["build", "--env--ratoi", "2"], 2);
  ok(
    unknown.stderr.includes(
      'Cannot override "--env--ratoi": env.yaml has no key "ratoi" (did you mean "--env--ratio"?)',
    ),
    unknown.stderr,
  );
  const noValue = await cli(p.dir, ["build", "--env--n"], 2);
  ok(noValue.stderr.includes('Cannot use "--env--n": it needs a value'), noValue.stderr);
  const beforeFlag = await cli(p.dir, ["build", "--env--n", "--force"], 2);
  ok(beforeFlag.stderr.includes('Cannot use "--env--n": it needs a value'), beforeFlag.stderr);
  const help = await cli(p.dir, ["build", "--help"]);
  ok(/--env--n VALUE +default: 1\n/.test(help.stdout), help.stdout);
  ok(/--env--ratio VALUE +default: 0\.5\n/.test(help.stdout), help.stdout);
  ok(/--env--flag VALUE +default: False\n/.test(help.stdout), help.stdout);
  ok(!(await p.exists(".plait/state.json")) && !(await p.exists("out")), "nothing was built");
});

Deno.test("Ploomber options plait lacks name the plait equivalent; plot --backend is accepted with a notice", async () => {
  await using p = await project();
  const task = await cli(p.dir, ["task", "probe", "--build"], 2);
  ok(task.stderr.includes("Cannot use --build with plait task: it is a Ploomber option plait does not have"));
  ok(task.stderr.includes("hint: instead: `plait task NAME` runs the task"), task.stderr);
  const interact = await cli(p.dir, ["interact"], 2);
  ok(interact.stderr.includes('Cannot run "interact": that is a Ploomber command plait does not have'));
  ok(!/unknown (option|command)/.test(task.stderr + interact.stderr));
  const level = await cli(p.dir, ["build", "--log", "verbose"], 2);
  ok(level.stderr.includes('Cannot use "verbose" as a log level'), level.stderr);
  const plot = await cli(p.dir, ["plot", "--backend", "pygraphviz", "--no-status", "-o", "p.svg"]);
  ok(plot.stderr.includes("--backend is ignored"), plot.stderr);
  ok((await p.read("p.svg")).startsWith("<svg"), "the plot is written");
});

Deno.test('-e "*.py" builds each matching script as a task, its product and upstream from its parameters cell', async () => {
  await using p = await tempProject();
  await p.write(
    "load.py",
    '# %% tags=["parameters"]\nupstream = None\nproduct = {"nb": "out/load.ipynb", "data": "out/load.json"}\n\n' +
      '# %%\nimport json, os\nos.makedirs("out", exist_ok=True)\njson.dump([1, 2, 3], open(product["data"], "w"))\n',
  );
  await p.write(
    "total.py",
    '# %% tags=["parameters"]\nupstream = ["load"]\nproduct = {"nb": "out/total.ipynb", "data": "out/total.json"}\n\n' +
      '# %%\nimport json\njson.dump(sum(json.load(open(upstream["load"]["data"]))), open(product["data"], "w"))\n',
  );
  await p.write("notes.txt", "not a task");
  const r = await cli(p.dir, ["build", "-e", "*.py"]);
  ok(r.stdout.includes("2 ran"), r.stdout);
  strictEqual(JSON.parse(await p.read("out/total.json")), 6);
  const again = await cli(p.dir, ["build", "--entry-point", "*.py"]);
  ok(again.stdout.includes("Everything is up to date (2 tasks"), again.stdout);
  const none = await run(p.dir, ["build", "-e", "*.R"]);
  strictEqual(none.code, 2);
  ok(none.stderr.includes('Cannot find scripts matching "*.R"'), none.stderr);
});
