import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type YamlNode } from "../deps.ts";
import type { Issue, SourceLocation } from "../errors/mod.ts";
import { PYYAML_TAGS } from "./_pyyaml_tags.ts";

/** Most alias expansions one document may make (the yaml library's guard against alias bombs). */
const MAX_ALIAS_COUNT = 1000;

/** A YAML document as plain values, with the location of every value and key by path. */
export interface LocatedYaml {
  value: unknown;
  /** `tasks.0.source` -> where that value starts; `tasks.0.source#key` -> where its key starts. */
  locations: Map<string, SourceLocation>;
}

/** Joins a path to a key in the locations map. */
export function pathKey(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

/** The location of `path`, or of its nearest ancestor that has one. */
export function locate(yaml: LocatedYaml, path: readonly PropertyKey[], file: string): SourceLocation {
  for (let n = path.length; n >= 0; n--) {
    const hit = yaml.locations.get(pathKey(path.slice(0, n)));
    if (hit) return hit;
  }
  return { file };
}

/**
 * Parses YAML text as PyYAML does (see {@link PYYAML_TAGS}), keeping positions; syntax errors
 * become located issues.
 */
export function parseLocatedYaml(text: string, file: string, issues: Issue[]): LocatedYaml | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lc,
    uniqueKeys: true,
    prettyErrors: false,
    merge: true,
    schema: "failsafe",
    customTags: PYYAML_TAGS,
  });
  const at = (offset: number): SourceLocation => {
    const p = lc.linePos(offset);
    return { file, line: p.line, col: p.col };
  };
  const seen = new Set<number>();
  for (const err of doc.errors) {
    if (seen.has(err.pos[0])) continue; // the library often explains one mistake twice
    seen.add(err.pos[0]);
    const msg = err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    issues.push({
      location: at(err.pos[0]),
      message: `Cannot parse YAML: ${msg}`,
      hint: "check the indentation and quoting around this place",
    });
  }
  if (doc.errors.length) return;
  const locations = new Map<string, SourceLocation>();
  let lastAlias: SourceLocation | undefined;
  const walk = (node: unknown, path: string[]): void => {
    const n = node as YamlNode | null;
    if (n && n.range) locations.set(pathKey(path), at(n.range[0]));
    if (isAlias(n) && n.range) lastAlias = at(n.range[0]);
    if (isMap(n)) {
      for (const pair of n.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const keyNode = pair.key as YamlNode | null;
        const here = pathKey([...path, key]);
        if (keyNode?.range) locations.set(here + "#key", at(keyNode.range[0]));
        walk(pair.value, [...path, key]);
        if (!locations.has(here) && keyNode?.range) locations.set(here, at(keyNode.range[0]));
      }
    } else if (isSeq(n)) n.items.forEach((item, i) => walk(item, [...path, String(i)]));
  };
  walk(doc.contents, []);
  // Values come from the library (aliases and merge keys resolved); positions from the walk above.
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? null, locations };
  } catch (e) {
    if (!(e instanceof ReferenceError) || !/alias/i.test(e.message)) throw e;
    issues.push({
      location: lastAlias ?? { file },
      message: `Cannot read ${file}: its aliases expand to too many values (over ${MAX_ALIAS_COUNT}` +
        ` alias uses: an alias bomb)`,
      hint: "write the values out, or use fewer nested aliases (*name) of anchors (&name)",
    });
    return;
  }
}
