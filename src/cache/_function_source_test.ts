import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { functionSlice } from "./_function_source.ts";

const MODULE = `import os
LIMIT = 3
def helper(): return 1
def other(): return 2
def passed(v): return v
class Model:
    def fit(self): return other()
def task(product, helper=None):
    passed = [x for x in range(LIMIT)]
    call(helper=4)
    return Model(), apply(passed), twice(1)
def twice(x): return 2 * x
if __name__ == "__main__":
    helper()
`;

Deno.test("functionSlice() follows what a function uses, not names it binds itself", () => {
  const slice = functionSlice(MODULE, "task")!;
  for (const kept of ["import os", "LIMIT = 3", "class Model", "def other", "def twice", "def task"]) {
    assertEquals(slice.includes(kept), true, kept);
  }
  // a parameter, a local variable and a keyword argument named like siblings; the __main__ block
  for (const left of ["def helper", "def passed", "__main__"]) {
    assertEquals(slice.includes(left), false, left);
  }
  assertEquals(functionSlice(MODULE, "missing"), undefined);
});
