/**
 * A Python float whose value is a whole number (`1.0`), which JavaScript's one number type cannot
 * tell from the int `1`. Params keep it so that the kernel receives `1.0`, as Ploomber (through
 * papermill) passes it: for some libraries the type is the meaning (scikit-learn's
 * `max_features=1.0` is every feature, `max_features=1` is one). pipeline.yaml's `1.0` becomes one;
 * in pipeline.ts write `float(1)`. TypeScript code sees plain numbers (see {@link plainValue}).
 *
 * @example
 * ```ts
 * import { float } from "./py_float.ts";
 * const f = float(1);
 * if (`${f}` !== "1.0" || f.value !== 1 || JSON.stringify({ f }) !== '{"f":1}') throw new Error();
 * ```
 */
export class PyFloat {
  /** Wraps a number that must reach Python as a float. */
  constructor(readonly value: number) {}

  /** Python's `repr()` of the float: `1.0`, `1e+16`, `inf`, `nan`. */
  toString(): string {
    const n = this.value;
    if (Number.isNaN(n)) return "nan";
    if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
    if (n === 0) return Object.is(n, -0) ? "-0.0" : "0.0";
    const abs = Math.abs(n);
    // Python switches to exponent notation outside [1e-4, 1e16), with at least two exponent digits.
    if (abs < 1e-4 || abs >= 1e16) return n.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
    return Number.isInteger(n) ? `${n}.0` : String(n);
  }

  /** The number itself, in JSON. */
  toJSON(): number {
    return this.value;
  }

  /** The number itself, in arithmetic. */
  valueOf(): number {
    return this.value;
  }
}

/** `float(1)`: the Python float `1.0` as a param value (a plain `1` reaches Python as the int `1`). */
export function float(value: number): PyFloat {
  return new PyFloat(value);
}

/** `value` with every {@link PyFloat} inside replaced by its number: what TypeScript code receives. */
export function plainValue<T>(value: T): T {
  if (value instanceof PyFloat) return value.value as T;
  if (Array.isArray(value)) return value.map(plainValue) as T;
  if (value && typeof value === "object" && value.constructor === Object) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)])) as T;
  }
  return value;
}

/**
 * Python's `str()` of a scalar from pipeline.yaml, as Ploomber writes it into task names, paths and
 * placeholders: `True`, `None`, `1.0`, `1e-05` (JavaScript would write `0.00001`). Lists and
 * mappings fall back to JSON.
 *
 * @example
 * ```ts
 * import { float, pythonStr } from "./py_float.ts";
 * const shown = [pythonStr(true), pythonStr(null), pythonStr(float(2)), pythonStr(0.00001), pythonStr(3)];
 * if (shown.join(" ") !== "True None 2.0 1e-05 3") throw new Error(shown.join(" "));
 * ```
 */
export function pythonStr(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (value instanceof PyFloat || typeof value === "bigint") return String(value);
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(new PyFloat(value));
  return JSON.stringify(value);
}
