/**
 * Checks a value against a shape of the AWS SDK's Batch service model (the schema objects
 * `@aws-sdk/client-batch` ships, e.g. `RegisterJobDefinitionRequest$`): member names, member
 * types, required members, recursively. Returns the problems, `path: what`.
 *
 * Schema forms: `[3, ns, name, traits, members, memberSchemas, requiredCount?]` a structure,
 * `[1, ns, name, traits, member]` a list, `[2, ns, name, traits, key, value]` a map; numbers:
 * 0 string, 1 number, 2 boolean, `64 | x` a list of x, `128 | x` a map of x.
 */
type Schema = unknown;

function simple(kind: number, v: unknown, at: string, out: string[]): void {
  if (kind & 64) {
    if (!Array.isArray(v)) return void out.push(`${at}: not a list`);
    return v.forEach((x, i) => simple(kind & ~64, x, `${at}[${i}]`, out));
  }
  if (kind & 128) {
    if (!v || typeof v !== "object" || Array.isArray(v)) return void out.push(`${at}: not a map`);
    return Object.entries(v).forEach(([k, x]) => simple(kind & ~128, x, `${at}.${k}`, out));
  }
  const checks: Record<number, [string, (x: unknown) => boolean]> = {
    0: ["string", (x) => typeof x === "string"],
    1: ["number", (x) => typeof x === "number"],
    2: ["boolean", (x) => typeof x === "boolean"],
  };
  const check = checks[kind];
  if (!check) return void out.push(`${at}: schema kind ${kind} not understood by this checker`);
  if (!check[1](v)) out.push(`${at}: ${JSON.stringify(v)} is not a ${check[0]}`);
}

/** Problems of `value` against `schema`, empty when it conforms. */
export function checkShape(schema: Schema, value: unknown, at = "$"): string[] {
  const out: string[] = [];
  const s = typeof schema === "function" ? schema() : schema;
  if (typeof s === "number") {
    simple(s, value, at, out);
    return out;
  }
  const arr = s as unknown[];
  if (arr[0] === 1) {
    if (!Array.isArray(value)) return [`${at}: not a list`];
    return value.flatMap((x, i) => checkShape(arr[4], x, `${at}[${i}]`));
  }
  if (arr[0] === 2) {
    if (!value || typeof value !== "object") return [`${at}: not a map`];
    return Object.entries(value).flatMap(([k, x]) => checkShape(arr[5], x, `${at}.${k}`));
  }
  if (arr[0] !== 3) return [`${at}: schema ${JSON.stringify(arr[0])} not understood by this checker`];
  if (!value || typeof value !== "object" || Array.isArray(value)) return [`${at}: not a structure`];
  const names = arr[4] as string[];
  const types = arr[5] as Schema[];
  const required = typeof arr[6] === "number" ? arr[6] : 0;
  const obj = value as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    const i = names.indexOf(k);
    if (i < 0) out.push(`${at}.${k}: not a member of ${arr[2]}`);
    else out.push(...checkShape(types[i], obj[k], `${at}.${k}`));
  }
  for (const k of names.slice(0, required)) if (!(k in obj)) out.push(`${at}.${k}: required by ${arr[2]}`);
  return out;
}
