import { deepStrictEqual as assertEquals, match } from "node:assert/strict";
import type { Issue } from "../errors/mod.ts";
import { float } from "../util/mod.ts";
import { builtinEnv, castOverride, envFileFor, fillPlaceholders, makeEnv } from "./env.ts";

const at = () => ({ file: "pipeline.yaml", line: 1, col: 1 });

Deno.test("fillPlaceholders() fills built-ins, env.yaml keys (nested) and keeps a lone placeholder's type", () => {
  const env = makeEnv("/project", { sample: 0.1, db: { host: "h", port: 5432 } }, {});
  const issues: Issue[] = [];
  const out = fillPlaceholders(
    {
      a: "{{sample}}",
      b: "{{ here }}/out/{{db.host}}-{{db.port}}.csv",
      c: ["{{db.port}}", 3],
      d: "{{root}}",
    },
    env,
    at,
    issues,
  );
  assertEquals(issues, []);
  assertEquals(out, { a: 0.1, b: "/project/out/h-5432.csv", c: [5432, 3], d: "/project" });
});

Deno.test("fillPlaceholders() applies --env--key overrides cast as Ploomber casts them, whatever the env.yaml type", () => {
  const env = makeEnv("/p", { n: 5, flag: false, name: "a", ratio: float(1), nested: { k: 1 } }, {
    n: "7",
    flag: "true",
    name: "12",
    ratio: "3",
    "nested.k": "2.0",
  });
  const out = fillPlaceholders(
    ["{{n}}", "{{flag}}", "{{name}}", "{{ratio}}", "{{nested.k}}", "r-{{nested.k}}"],
    env,
    at,
    [],
  );
  assertEquals(out, [7, true, 12, 3, float(2), "r-2.0"]);
});

Deno.test("a float in env.yaml stays a float through placeholders (PyYAML's 1.0 is not 1)", () => {
  const env = makeEnv("/p", { ratio: float(1) }, {});
  const out = fillPlaceholders({ whole: "{{ratio}}", text: "run-{{ratio}}" }, env, at, []);
  assertEquals(out, { whole: float(1), text: "run-1.0" });
});

Deno.test("makeEnv() lets env.yaml values use the built-ins", () => {
  const env = makeEnv("/project", { data: "{{here}}/data" }, {});
  assertEquals(env.lookup("data"), "/project/data");
});

Deno.test("fillPlaceholders() reports unknown names with a suggestion, and unset environment variables", () => {
  Deno.env.delete("PLAIT_ENV_TEST_UNSET");
  Deno.env.set("PLAIT_ENV_TEST_SET", "yes");
  const env = makeEnv("/p", { sample: 1 }, {});
  const issues: Issue[] = [];
  const out = fillPlaceholders(
    ["{{smaple}}", "{{env.PLAIT_ENV_TEST_UNSET}}", "{{env.PLAIT_ENV_TEST_SET}}"],
    env,
    at,
    issues,
  );
  assertEquals(out, ["{{smaple}}", "{{env.PLAIT_ENV_TEST_UNSET}}", "yes"]);
  assertEquals(issues.map((i) => i.message), [
    'Cannot fill placeholder "{{smaple}}": no such key (did you mean "sample"?)',
    'Cannot fill placeholder "{{env.PLAIT_ENV_TEST_UNSET}}": the environment variable PLAIT_ENV_TEST_UNSET is not set',
  ]);
  assertEquals(issues[0].hint, "define smaple in env.yaml beside the pipeline, or pass --env--smaple VALUE");
  Deno.env.delete("PLAIT_ENV_TEST_SET");
});

Deno.test("makeEnv() built-ins: user, now, cwd, and git / git_hash from the pipeline's repository", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const git = (...args: string[]) =>
      new Deno.Command("git", { args, cwd: dir, stdout: "null", stderr: "null" }).outputSync();
    git("init", "-q", "-b", "trunk");
    await Deno.writeTextFile(`${dir}/a.txt`, "a");
    git("add", "a.txt");
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "-m", "one");
    const env = makeEnv(dir, {}, {});
    assertEquals(env.lookup("git"), "trunk");
    match(String(env.lookup("git_hash")), /^[0-9a-f]{7,}$/);
    match(String(env.lookup("now")), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    assertEquals(env.lookup("cwd"), Deno.cwd());
    assertEquals(typeof env.lookup("user"), "string");
    assertEquals(makeEnv("/", {}, {}).lookup("nope"), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("castOverride() casts --env-- text as Ploomber's cast_if_possible: bool, int(), float(), else the text", () => {
  const cases: [string, unknown][] = [
    ["42", 42],
    ["-3", -3],
    ["1_000", 1000],
    ["1.5", 1.5],
    ["2.0", float(2)],
    ["1e3", float(1000)],
    [".5", 0.5],
    ["true", true],
    ["False", false],
    ["no", "no"],
    ["abc", "abc"],
    ["1.2.3", "1.2.3"],
    ["v1", "v1"],
  ];
  for (const [text, want] of cases) assertEquals(castOverride(text), want, text);
});

Deno.test("envFileFor() honours PLOOMBER_ENV_FILENAME and pipeline.{name}.yaml, and reports a missing file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/env.train.yaml`, "a: 1\n");
    const issues: Issue[] = [];
    assertEquals(envFileFor(`${dir}/pipeline.yaml`, issues), `${dir}/env.yaml`);
    assertEquals(envFileFor(`${dir}/pipeline.train.yaml`, issues), `${dir}/env.train.yaml`);
    Deno.env.set("PLOOMBER_ENV_FILENAME", "env.other.yaml");
    assertEquals(envFileFor(`${dir}/pipeline.train.yaml`, issues), `${dir}/env.other.yaml`);
    match(issues[0].message, /Cannot read env file ".*env\.other\.yaml" \(named by PLOOMBER_ENV_FILENAME\)/);
    Deno.env.set("PLOOMBER_ENV_FILENAME", "conf/env.yaml");
    envFileFor(`${dir}/pipeline.yaml`, issues);
    match(issues[1].message, /it must be a file name, not a path/);
  } finally {
    Deno.env.delete("PLOOMBER_ENV_FILENAME");
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("{{git_hash}} is `git describe --tags --always --dirty`: a tag names the version", async () => {
  const dir = await Deno.makeTempDir();
  const git = (...args: string[]) =>
    new Deno.Command("git", {
      args: ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args],
      cwd: dir,
      stdout: "null",
      stderr: "null",
    }).outputSync();
  try {
    git("init", "-q");
    await Deno.writeTextFile(`${dir}/a.txt`, "a");
    git("add", "a.txt");
    git("commit", "-qm", "first");
    git("tag", "v1.2");
    assertEquals(builtinEnv(dir).git_hash(), "v1.2");
    await Deno.writeTextFile(`${dir}/a.txt`, "b");
    assertEquals(builtinEnv(dir).git_hash(), "v1.2-dirty");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
