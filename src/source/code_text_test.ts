import assert from "node:assert/strict";
import { codeText, stripCode } from "./code_text.ts";
import { parseTaskSourceText } from "./read_task_source.ts";
import { loadPythonGrammar } from "./_python.ts";

await loadPythonGrammar();

const BASE = [
  "# %% [markdown]",
  "# # Title",
  "",
  '# %% tags=["parameters"]',
  "upstream = None  # deps",
  "",
  "# %%",
  "x = 1",
  "s = '''a # not a comment",
  "",
  "   b   ",
  "'''",
  'y = "#" + x  # real comment',
].join("\n") + "\n";

/** Edits of BASE that must NOT change the fingerprint text. */
const SAME: Array<[string, string]> = [
  ["a comment line added", BASE.replace("x = 1", "# why x\nx = 1")],
  ["a trailing comment edited", BASE.replace("# real comment", "# another")],
  ["a trailing comment added", BASE.replace("x = 1", "x = 1  # one")],
  ["markdown edited", BASE.replace("# # Title", "# # New title\n# more")],
  ["a markdown cell added", BASE + "\n# %% [markdown]\n# notes\n"],
  ["blank lines added", BASE.replace("x = 1", "\n\nx = 1\n\n")],
  ["trailing whitespace added", BASE.replace("x = 1", "x = 1   \t")],
  ["cell tags edited", BASE.replace("# %%\nx", '# %% tags=["x"]\nx')],
  [
    "an injected-parameters cell added",
    BASE.replace("# %%\nx", '# %% tags=["injected-parameters"]\nz = 2\n\n# %%\nx'),
  ],
  ["a raw cell added", BASE + "\n# %% [raw]\n# raw text\n"],
];

/** Edits of BASE that MUST change the fingerprint text. */
const DIFFERENT: Array<[string, string]> = [
  ["a value changed", BASE.replace("x = 1", "x = 2")],
  ["a statement added", BASE.replace("x = 1", "x = 1\nprint(x)")],
  ["indentation changed", BASE.replace("x = 1", "if True:\n    x = 1").replace("s = '''", "    s = '''")],
  ["text after # inside a string", BASE.replace("a # not a comment", "a # not a remark")],
  ["a blank line inside a multi-line string", BASE.replace("\n   b   \n", "\n\n   b   \n")],
  ["trailing spaces inside a multi-line string", BASE.replace("   b   ", "   b ")],
  ["a '#' string literal", BASE.replace('"#"', '"#!"')],
  ["a parameters default", BASE.replace("upstream = None", 'upstream = ["a"]')],
  ["a commented-out line uncommented", BASE.replace("x = 1", "x = 1\n# x = 3").replace("# x = 3", "x = 3")],
];

const base = codeText(parseTaskSourceText(BASE, "t.py"));

Deno.test("codeText() keeps code and strings and drops comments, blank lines, markdown", () => {
  assert.equal(
    base,
    ["upstream = None", "x = 1", "s = '''a # not a comment", "", "   b   ", "'''", 'y = "#" + x'].join("\n"),
  );
});

for (const [name, text] of SAME) {
  Deno.test(`codeText() is unchanged when ${name}`, () => {
    assert.equal(codeText(parseTaskSourceText(text, "t.py")), base);
  });
}

for (const [name, text] of DIFFERENT) {
  Deno.test(`codeText() changes when ${name}`, () => {
    assert.notEqual(codeText(parseTaskSourceText(text, "t.py")), base);
  });
}

Deno.test("codeText() gives the same text for a .py and an .ipynb with the same code", () => {
  const nb = JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { cell_type: "markdown", metadata: {}, source: ["# other title"] },
      { cell_type: "code", metadata: { tags: ["parameters"] }, source: ["upstream = None\n"], outputs: [] },
      {
        cell_type: "code",
        metadata: {},
        outputs: [],
        source: ["x = 1\n", "s = '''a # not a comment\n", "\n", "   b   \n", "'''\n", 'y = "#" + x'],
      },
    ],
  });
  assert.equal(codeText(parseTaskSourceText(nb, "t.ipynb")), base);
});

const STRIP_CASES: Array<[string, string]> = [
  ["x = 1  # c", "x = 1"],
  ["# only\n\n", ""],
  ["s = 'it''s # x'  # c", "s = 'it''s # x'"],
  ['f"{a}#{b}"  # c', 'f"{a}#{b}"'],
  ['x = """\n# not a comment\n"""', 'x = """\n# not a comment\n"""'],
  ["def f():\n    # c\n    return 1\n", "def f():\n    return 1"],
  ["x = [\n  1,  # one\n\n  2,\n]", "x = [\n  1,\n  2,\n]"],
  ["%matplotlib inline  # magic\nx = 1", "%matplotlib inline\nx = 1"],
];

for (const [input, expected] of STRIP_CASES) {
  Deno.test(`stripCode() turns ${JSON.stringify(input)} into ${JSON.stringify(expected)}`, () => {
    assert.equal(stripCode(input), expected);
  });
}
