import assert from "node:assert/strict";
import { SpecError } from "../errors/mod.ts";
import { assertPythonIdentifier, pythonLiteral } from "./python_literal.ts";

const CASES: Array<[unknown, string]> = [
  [null, "None"],
  [undefined, "None"],
  [true, "True"],
  [false, "False"],
  [5, "5"],
  [-2.5, "-2.5"],
  [1e-7, "1e-7"],
  [NaN, 'float("nan")'],
  [Infinity, 'float("inf")'],
  [-Infinity, 'float("-inf")'],
  ["", '""'],
  ['a "q" \\ b', '"a \\"q\\" \\\\ b"'],
  ["line\nnext\ttab\r", '"line\\nnext\\ttab\\r"'],
  ["\x00\x1b\x7f", '"\\x00\\x1b\\x7f"'],
  ["ünï 😀", '"ünï 😀"'],
  [[], "[]"],
  [{}, "{}"],
  [[1, [2, null]], "[1, [2, None]]"],
  [
    { load: { nb: "output/load.ipynb", data: "output/raw.csv" } },
    '{"load": {"nb": "output/load.ipynb", "data": "output/raw.csv"}}',
  ],
];

for (const [value, expected] of CASES) {
  Deno.test(`pythonLiteral() renders ${Deno.inspect(value)} as ${expected}`, () => {
    assert.equal(pythonLiteral(value), expected);
  });
}

Deno.test("pythonLiteral() output evaluates in real Python to the same value", async () => {
  const values: unknown[] = [
    { a: [1, 2.5, -3, true, false, null], 'key with "quotes"': "tab\there\nnew\\line" },
    ["\x00\x01\x1f\x7f", "ünïcödé 😀 \u2028 \u0085", "'single' and \"double\"", "#", "{x}", "\\N{DASH}"],
    [1e21, 123456789012, 0.1, -0.5, 1e-7],
    { nested: { deeper: [[], {}, [{}]] } },
  ];
  const script = values.map((v) => `print(json.dumps(${pythonLiteral(v)}))`).join("\n");
  const cmd = new Deno.Command("/usr/bin/python3", {
    args: ["-c", `import json\n${script}`],
    stdout: "piped",
    stderr: "piped",
  });
  const out = await cmd.output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
  assert.deepEqual(lines.map((l) => JSON.parse(l)), values);
});

Deno.test("pythonLiteral() non-finite numbers evaluate in Python", async () => {
  const code = `import math\nv = ${
    pythonLiteral([NaN, Infinity, -Infinity])
  }\nprint(math.isnan(v[0]), v[1] > 1e308, v[2] < -1e308)`;
  const out = await new Deno.Command("/usr/bin/python3", { args: ["-c", code], stdout: "piped" }).output();
  assert.equal(new TextDecoder().decode(out.stdout).trim(), "True True True");
});

Deno.test("assertPythonIdentifier() rejects names Python cannot assign", () => {
  for (const ok of ["x", "_private", "n_estimators", "A1"]) assertPythonIdentifier(ok);
  for (const bad of ["n-estimators", "1x", "class", "None", "", "a b"]) {
    assert.throws(() => assertPythonIdentifier(bad), SpecError, bad);
  }
});
