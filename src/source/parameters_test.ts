import assert from "node:assert/strict";
import { SpecError } from "../errors/mod.ts";
import { path } from "../util/mod.ts";
import { extractUpstream, parseParametersCell } from "./parameters.ts";
import type { SourceCell, UpstreamDecl } from "./types.ts";
import { loadPythonGrammar } from "./_python.ts";

await loadPythonGrammar();

const FIXTURES = path.join(path.dirname(path.fromFileUrl(import.meta.url)), "../../tests/fixtures/source");

function cell(source: string, line = 1): SourceCell {
  return { cellType: "code", source, tags: ["parameters"], metadata: {}, line };
}

const UPSTREAM_CASES: Array<[string, UpstreamDecl]> = [
  ["upstream = None", { kind: "none" }],
  ['upstream = ["a", "b"]', { kind: "list", names: ["a", "b"] }],
  ["upstream = ('a', 'b')", { kind: "list", names: ["a", "b"] }],
  ['upstream = "a", "b"', { kind: "list", names: ["a", "b"] }],
  ['upstream = ("a",)', { kind: "list", names: ["a"] }],
  ["upstream = []", { kind: "list", names: [] }],
  ['upstream = {"a": None, "fit-*": None}', { kind: "dict", names: ["a", "fit-*"] }],
  ['upstream = ["fit-*"]', { kind: "list", names: ["fit-*"] }],
  ['upstream = [\n    "load",  # comment\n    "clean",\n]', { kind: "list", names: ["load", "clean"] }],
  ["product = None", { kind: "absent" }],
  ['upstream = ["old"]\nupstream = ["new"]', { kind: "list", names: ["new"] }],
  ["upstream: list = ['a']", { kind: "list", names: ["a"] }],
  ["x = 1; upstream = ['a']", { kind: "list", names: ["a"] }],
  ["if True:\n    upstream = ['nested']", { kind: "absent" }],
];

for (const [code, expected] of UPSTREAM_CASES) {
  Deno.test(`parseParametersCell() reads ${JSON.stringify(code)}`, () => {
    assert.deepEqual(parseParametersCell(cell(code), "t.py").upstream, expected);
  });
}

Deno.test("parseParametersCell() lists every top-level name and the literal defaults", () => {
  const info = parseParametersCell(
    cell(
      [
        "upstream = None",
        "product = None",
        "n_estimators = 5",
        "rate = -1.5e-3",
        "name = 'ab' \"c\"",
        "flags = {'a': [True, False, None], 'b': (1, 0x10)}",
        "when = now()",
        "a, b = 1, 2",
        "c = d = 'x'",
        "obj.attr = 3",
        "e = f'{name}'",
        "s = 'tab\\there'",
      ].join("\n"),
    ),
    "t.py",
  );
  assert.deepEqual(info.names, [
    "upstream",
    "product",
    "n_estimators",
    "rate",
    "name",
    "flags",
    "when",
    "a",
    "b",
    "c",
    "d",
    "e",
    "s",
  ]);
  assert.deepEqual(info.defaults, {
    upstream: null,
    product: null,
    n_estimators: 5,
    rate: -0.0015,
    name: "abc",
    flags: { a: [true, false, null], b: [1, 16] },
    a: 1,
    b: 2,
    c: "x",
    d: "x",
    s: "tab\there",
  });
});

Deno.test("parseParametersCell() rejects a non-literal upstream at its location", () => {
  for (
    const code of ["upstream = get_upstream()", "upstream = 'load'", "upstream = [name]", "upstream = [1]"]
  ) {
    assert.throws(() => parseParametersCell(cell(`x = 1\n${code}`, 10), "tasks/t.py"), (e: unknown) => {
      assert.ok(e instanceof SpecError);
      assert.deepEqual(e.issues[0].location, { file: "tasks/t.py", line: 11, col: 1 });
      assert.match(e.issues[0].hint ?? "", /upstream = \["load", "clean"\]/);
      return true;
    }, code);
  }
  assert.throws(
    () => parseParametersCell(cell("upstream = f()"), "t.py"),
    /must be a literal list, tuple, dict or None/,
  );
});

Deno.test("parseParametersCell() reports the first syntax error with file:line:col and a hint", () => {
  const cases: Array<[string, number, number, RegExp]> = [
    ["x = 1\ny = = 2", 2, 5, /invalid Python syntax/],
    ["x = 1\ndef f(:\n    pass", 2, 7, /invalid Python syntax/],
  ];
  for (const [code, line, col, re] of cases) {
    assert.throws(() => parseParametersCell(cell(code, 20), "t.py"), (e: unknown) => {
      assert.ok(e instanceof SpecError);
      assert.match(e.message, re);
      assert.deepEqual(e.issues[0].location, { file: "t.py", line: 20 + line - 1, col });
      assert.match(e.issues[0].hint ?? "", /must be valid Python/);
      return true;
    }, code);
  }
});

Deno.test("parseParametersCell() names the bracket that is never closed", () => {
  assert.throws(
    () => parseParametersCell(cell('upstream = ["a",\n  "b"\nx = 3', 5), "t.py"),
    (e: unknown) => {
      assert.ok(e instanceof SpecError);
      assert.match(e.issues[0].hint ?? "", /the "\[" at line 5, column 12 is never closed/);
      return true;
    },
  );
});

Deno.test("parseParametersCell() locates .ipynb errors inside the cell, not at a JSON line", () => {
  assert.throws(() => parseParametersCell(cell("upstream = load()"), "nb.ipynb"), (e: unknown) => {
    assert.ok(e instanceof SpecError);
    assert.deepEqual(e.issues[0].location, { file: "nb.ipynb" });
    assert.match(e.message, /line 1, column 1 of the cell tagged "parameters"/);
    return true;
  });
});

Deno.test("extractUpstream() reads a .py and an .ipynb with the upstream location", async () => {
  const py = await extractUpstream(path.join(FIXTURES, "clean.py"));
  assert.deepEqual(py.upstream, { kind: "list", names: ["load", "fit-*"] });
  assert.deepEqual(py.location, { file: path.join(FIXTURES, "clean.py"), line: 19, col: 1 });
  assert.equal(py.parametersCell, true);
  const nb = await extractUpstream(path.join(FIXTURES, "fit.ipynb"));
  assert.deepEqual(nb.upstream, { kind: "dict", names: ["clean"] });
  assert.equal(nb.parametersCell, true);
});

Deno.test("extractUpstream() says when there is no parameters cell", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = path.join(dir, "t.py");
    await Deno.writeTextFile(file, "# %%\nx = ['x']\n");
    assert.deepEqual(await extractUpstream(file), {
      upstream: { kind: "absent" },
      location: { file },
      parametersCell: false,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseParametersCell() returns fresh objects for a cell it has seen before", () => {
  const c = cell('upstream = ["a"]\nn = [1]');
  const first = parseParametersCell(c, "memo.py");
  (first.defaults.n as number[]).push(2);
  if (first.upstream.kind === "list") first.upstream.names.push("b");
  const second = parseParametersCell(c, "memo.py");
  assert.deepEqual(second.defaults.n, [1]);
  assert.deepEqual(second.upstream, { kind: "list", names: ["a"] });
});
