import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { functionUpstream } from "./function_upstream.ts";
import { loadPythonGrammar } from "./_python.ts";

await loadPythonGrammar();

const MODULE = `import json

def helper(upstream):
    return upstream["not_mine"]

@decorated
def fit(product, upstream, key):
    train = upstream["clean"]
    more = upstream['features']["x"]
    again = upstream["clean"]
    dynamic = upstream[key]
    other = notupstream["nope"]

    def inner():
        return upstream["nested"]
    return train

async def load(product):
    pass
`;

Deno.test('functionUpstream() reads upstream["name"] subscripts with literal keys, as Ploomber does', () => {
  const got = functionUpstream(MODULE, "fit", "tasks.py")!;
  assertEquals(got.names, ["clean", "features", "nested"]);
  assertEquals(got.location, { file: "tasks.py", line: 8, col: 13 });
  assertEquals(functionUpstream(MODULE, "load", "tasks.py"), {
    names: [],
    location: { file: "tasks.py", line: 18, col: 1 },
  });
  assertEquals(functionUpstream(MODULE, "json", "tasks.py"), undefined);
  assertEquals(functionUpstream(MODULE, "missing", "tasks.py"), undefined);
});
