import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { float, plainValue, PyFloat } from "./py_float.ts";
import { stableJson } from "./stable_json.ts";

Deno.test("PyFloat prints as Python's repr", () => {
  const reprs = [
    [1, "1.0"],
    [-3, "-3.0"],
    [0.5, "0.5"],
    [-0, "-0.0"],
    [1e16, "1e+16"],
    [1e-7, "1e-07"],
    [0.0001, "0.0001"],
    [1.5e-5, "1.5e-05"],
    [0, "0.0"],
  ];
  for (const [n, repr] of reprs) strictEqual(String(float(n as number)), repr);
  deepStrictEqual([Infinity, -Infinity, NaN].map((n) => `${float(n)}`), ["inf", "-inf", "nan"]);
});

Deno.test("plainValue() turns PyFloats back into numbers, deep, for TypeScript code", () => {
  deepStrictEqual(plainValue({ a: float(1), b: [float(2), "x"], c: { d: float(0.5) } }), {
    a: 1,
    b: [2, "x"],
    c: { d: 0.5 },
  });
});

Deno.test("stableJson() tells a float from an int, so 1 -> 1.0 changes a fingerprint", () => {
  const asInt = stableJson({ alpha: 1 });
  const asFloat = stableJson({ alpha: new PyFloat(1) });
  strictEqual(asInt === asFloat, false);
  strictEqual(asFloat, stableJson({ alpha: float(1) }));
});
