import { BugError, SpecError } from "../errors/mod.ts";
import { PyFloat } from "../util/mod.ts";

/**
 * Renders a JSON-like value as a Python literal: `true` -> `True`, `null`/`undefined` -> `None`,
 * strings double-quoted with Python escapes, arrays as lists, plain objects as dicts, non-finite
 * numbers as `float("nan")`/`float("inf")`, a {@link PyFloat} as a float (`1.0`), dates as ISO strings.
 *
 * @example
 * ```ts
 * import { pythonLiteral } from "./mod.ts";
 * const py = pythonLiteral({ a: [1, true, null], b: 'say "hi"\n' });
 * if (py !== '{"a": [1, True, None], "b": "say \\"hi\\"\\n"}') throw new Error(py);
 * ```
 */
export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return "None";
  switch (typeof value) {
    case "boolean":
      return value ? "True" : "False";
    case "number":
      return pythonNumber(value);
    case "bigint":
      return value.toString();
    case "string":
      return pythonString(value);
  }
  if (value instanceof PyFloat) return pythonFloat(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(", ")}]`;
  if (value instanceof Date) return pythonString(value.toISOString());
  if (typeof value === "object" && (value.constructor === Object || value.constructor === undefined)) {
    const items = Object.entries(value).map(([k, v]) => `${pythonString(k)}: ${pythonLiteral(v)}`);
    return `{${items.join(", ")}}`;
  }
  throw new BugError(`Cannot render a ${typeof value} as a Python literal`);
}

function pythonFloat(f: PyFloat): string {
  const repr = String(f);
  return /^-?(inf|nan)$/.test(repr) ? pythonNumber(f.value) : repr;
}

function pythonNumber(n: number): string {
  if (Number.isNaN(n)) return 'float("nan")';
  if (n === Infinity) return 'float("inf")';
  if (n === -Infinity) return 'float("-inf")';
  if (Object.is(n, -0)) return "-0.0";
  return String(n);
}

/** A double-quoted Python string literal. */
export function pythonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += `\\u${code.toString(16)}`;
    else if (code === 0x2028 || code === 0x2029 || code === 0x85) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return out + '"';
}

const KEYWORDS = new Set(
  ("False None True and as assert async await break class continue def del elif else except finally " +
    "for from global if import in is lambda nonlocal not or pass raise return try while with yield").split(
      " ",
    ),
);

/** Throws a {@link SpecError} unless `name` can be assigned to in Python. */
export function assertPythonIdentifier(name: string): void {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name)) return;
  throw new SpecError({
    message: `Cannot pass parameter "${name}" to Python: not a valid variable name`,
    hint: "use letters, digits and underscores, not starting with a digit (e.g. n_estimators)",
  });
}
