/**
 * pipeline.yaml means what it means to Ploomber, which reads it with PyYAML: every scalar below is
 * read by plait and by PyYAML's safe_load (real Python), and the two must agree on type and value.
 */
import { deepStrictEqual } from "node:assert/strict";
import { parseLocatedYaml } from "../../src/spec/mod.ts";
import { PyFloat } from "../../src/util/mod.ts";
import type { Issue } from "../../src/errors/mod.ts";

const SCALARS = [
  "yes",
  "No",
  "ON",
  "off",
  "true",
  "False",
  "y",
  "n",
  "Y",
  "N", // booleans, and what is not one
  "0",
  "42",
  "-7",
  "+3",
  "0777",
  "08",
  "0b101",
  "0x1F",
  "1_000",
  "1:20",
  "-1:30",
  "12345678901234567890",
  "1.0",
  "0.5",
  "-2.50",
  "1.",
  ".5",
  "-.5",
  "1e3",
  "1.0e+3",
  "1.0e3",
  "6.02e+23",
  "190:20:30.15",
  ".inf",
  "-.Inf",
  ".NaN",
  "~",
  "null",
  "Null",
  "",
  "2001-12-14",
  "0o17",
  "1.2.3",
  "'1.0'",
  '"yes"',
  "[1, 2.0, no]",
  "{a: 1.0}",
];

type Typed = [type: string, value: string] | Typed[] | { [k: string]: Typed };

/** plait's reading, typed as Python would see it once injected. */
function typed(v: unknown): Typed {
  if (v === null) return ["NoneType", "None"];
  if (v instanceof PyFloat) return ["float", String(v)];
  if (Array.isArray(v)) return v.map(typed);
  if (typeof v === "object") return Object.fromEntries(Object.entries(v!).map(([k, x]) => [k, typed(x)]));
  if (typeof v === "boolean") return ["bool", v ? "True" : "False"];
  if (typeof v === "bigint") return ["int", String(v)];
  if (typeof v === "number") {
    if (Number.isNaN(v)) return ["float", "nan"];
    if (!Number.isFinite(v)) return ["float", v > 0 ? "inf" : "-inf"];
    return Number.isInteger(v) ? ["int", String(v)] : ["float", String(new PyFloat(v))];
  }
  return ["str", String(v)];
}

Deno.test("plait reads pipeline.yaml scalars exactly as PyYAML's safe_load (Ploomber's reader) does", async () => {
  const doc = SCALARS.map((s, i) => `k${i}: ${s}`).join("\n") + "\n";
  const python = `
import json, sys, yaml
def typed(v):
    if isinstance(v, list): return [typed(x) for x in v]
    if isinstance(v, dict): return {str(k): typed(x) for k, x in v.items()}
    if type(v).__name__ == "date": return ["str", str(v)]  # papermill passes a date as its str()
    return [type(v).__name__, v if isinstance(v, str) else repr(v)]
print(json.dumps({k: typed(v) for k, v in yaml.safe_load(sys.stdin).items()}))
`;
  const child = new Deno.Command("/usr/bin/python3", {
    args: ["-c", python],
    stdin: "piped",
    stdout: "piped",
  })
    .spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(doc));
  await writer.close();
  const out = await child.output();
  const pyyaml = JSON.parse(new TextDecoder().decode(out.stdout));
  const issues: Issue[] = [];
  const ours = parseLocatedYaml(doc, "pipeline.yaml", issues)!.value as Record<string, unknown>;
  deepStrictEqual(issues, []);
  for (const [i, s] of SCALARS.entries()) {
    deepStrictEqual([s, typed(ours[`k${i}`])], [s, pyyaml[`k${i}`]]);
  }
});
