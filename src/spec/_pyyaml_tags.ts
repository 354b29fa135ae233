import type { ScalarTag } from "../deps.ts";
import { PyFloat } from "../util/mod.ts";

/**
 * Plain-scalar types as PyYAML's `safe_load` (YAML 1.1) reads them, because Ploomber reads
 * pipeline.yaml with PyYAML: `yes`/`no`/`on`/`off` are booleans, `0777` is octal, `1_000` and
 * `1:20` (base 60) are ints, `1e3` (no dot) is a string, and `1.0` stays a float ({@link PyFloat}).
 * Dates stay strings: papermill passes an unknown type to a notebook as its `str()`, the same text.
 * Used over the failsafe schema (maps, sequences, strings), so nothing else is implicit.
 */
export const PYYAML_TAGS: ScalarTag[] = [
  {
    tag: "tag:yaml.org,2002:null",
    default: true,
    identify: (v) => v === null || v === undefined,
    test: /^(?:~|null|Null|NULL)?$/,
    resolve: () => null,
  },
  {
    tag: "tag:yaml.org,2002:bool",
    default: true,
    identify: (v) => typeof v === "boolean",
    test: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
    resolve: (s) => /^(?:yes|true|on)$/i.test(s),
  },
  {
    tag: "tag:yaml.org,2002:int",
    default: true,
    identify: (v) => typeof v === "bigint" || Number.isInteger(v),
    test:
      /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
    resolve: resolveInt,
  },
  {
    tag: "tag:yaml.org,2002:float",
    default: true,
    identify: (v) => typeof v === "number" || v instanceof PyFloat,
    test:
      /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    resolve: resolveFloat,
  },
];

function signOf(text: string): [sign: bigint, rest: string] {
  const s = text.replaceAll("_", "");
  if (s[0] === "-") return [-1n, s.slice(1)];
  return [1n, s[0] === "+" ? s.slice(1) : s];
}

/** PyYAML's `construct_yaml_int`; ints beyond 2^53 stay exact as a bigint. */
function resolveInt(text: string): number | bigint {
  const [sign, s] = signOf(text);
  let n: bigint;
  if (s === "0") n = 0n;
  else if (s.startsWith("0b")) n = BigInt(s);
  else if (s.startsWith("0x")) n = BigInt(s);
  else if (s[0] === "0") n = BigInt(`0o${s.slice(1)}`);
  else if (s.includes(":")) n = s.split(":").reduce((acc, part) => acc * 60n + BigInt(part), 0n);
  else n = BigInt(s);
  n *= sign;
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** PyYAML's `construct_yaml_float`: a whole-number result stays a float as a {@link PyFloat}. */
function resolveFloat(text: string): number | PyFloat {
  const [sign, s] = signOf(text.toLowerCase());
  let n: number;
  if (s === ".inf") n = Infinity;
  else if (s === ".nan") return NaN;
  else if (s.includes(":")) n = s.split(":").reduce((acc, part) => acc * 60 + Number(part), 0);
  else n = Number(s.startsWith(".") ? `0${s}` : s.endsWith(".") ? `${s}0` : s);
  n *= Number(sign);
  return Number.isInteger(n) ? new PyFloat(n) : n;
}
