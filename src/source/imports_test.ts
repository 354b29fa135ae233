import assert from "node:assert/strict";
import { findImports, importCandidatePaths } from "./imports.ts";
import type { PythonImport } from "./types.ts";
import { loadPythonGrammar } from "./_python.ts";

await loadPythonGrammar();

const CASES: Array<[string, PythonImport[]]> = [
  ["import os", [{ module: "os", level: 0, names: [] }]],
  ["import a.b as c, d", [{ module: "a.b", level: 0, names: [] }, { module: "d", level: 0, names: [] }]],
  ["from a.b import c", [{ module: "a.b", level: 0, names: ["c"] }]],
  ["from a import (b as x,\n  c)", [{ module: "a", level: 0, names: ["b", "c"] }]],
  ["from . import x", [{ module: ".", level: 1, names: ["x"] }]],
  ["from .x import y", [{ module: ".x", level: 1, names: ["y"] }]],
  ["from ..pkg.mod import *", [{ module: "..pkg.mod", level: 2, names: ["*"] }]],
  ["from ... import z", [{ module: "...", level: 3, names: ["z"] }]],
  [
    "def f():\n    try:\n        import yaml\n    except ImportError:\n        from json import loads\n",
    [{ module: "yaml", level: 0, names: [] }, { module: "json", level: 0, names: ["loads"] }],
  ],
  ["if x:\n    import utils.features\n", [{ module: "utils.features", level: 0, names: [] }]],
  ["s = 'import fake'\n# import commented\n", []],
  ["x = __import__('dyn')", []],
];

for (const [code, expected] of CASES) {
  Deno.test(`findImports() reads ${JSON.stringify(code)}`, () => {
    assert.deepEqual(findImports(code), expected);
  });
}

Deno.test("importCandidatePaths() lists module, package and submodule files", () => {
  assert.deepEqual(
    importCandidatePaths({ module: "utils", level: 0, names: ["features"] }, { fromDir: "tasks" }),
    ["utils.py", "utils/__init__.py", "utils/features.py", "utils/features/__init__.py"],
  );
  assert.deepEqual(importCandidatePaths({ module: "a.b", level: 0, names: [] }, { fromDir: "." }), [
    "a.py",
    "a/__init__.py",
    "a/b.py",
    "a/b/__init__.py",
  ]);
});

Deno.test("importCandidatePaths() resolves relative imports from the importing folder", () => {
  assert.deepEqual(importCandidatePaths({ module: ".", level: 1, names: ["x"] }, { fromDir: "tasks" }), [
    "tasks/__init__.py",
    "tasks/x.py",
    "tasks/x/__init__.py",
  ]);
  assert.deepEqual(
    importCandidatePaths({ module: "..lib", level: 2, names: ["*"] }, { fromDir: "pkg/tasks" }),
    [
      "pkg/__init__.py",
      "pkg/lib.py",
      "pkg/lib/__init__.py",
    ],
  );
});
