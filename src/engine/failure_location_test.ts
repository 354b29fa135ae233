import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { locateFailure } from "./failure_location.ts";

const RED = (s: string) => `\x1b[0;31m${s}\x1b[0m`;
const traceback = [
  RED("-".repeat(75)),
  `${RED("KeyError")}                                  Traceback (most recent call last)`,
  "Cell \x1b[0;32mIn[3], line 2\x1b[0m\n      1 x = 1\n----> 2 y = helper(x)\n",
  "File /proj/utils/feat.py:5, in helper(v)\n      4 def helper(v):\n----> 5     return {}[v]\n",
  "File /usr/lib/python3/site-packages/pandas/core.py:9, in get()\n",
  "KeyError: 1",
];

Deno.test("locateFailure() maps a script cell's frame to the file's lines and keeps the user's frames", () => {
  const r = locateFailure(traceback, {
    root: "/proj",
    cell: { sourcePath: "/proj/tasks/clean.py", format: "py", line: 10, index: 3 },
  });
  assertEquals(r.location, { file: "utils/feat.py", line: 5 }, "the deepest user frame");
  assertEquals(r.foldedFrames, 1);
  assertEquals(r.userTraceback[0], "tasks/clean.py:11\n      10 x = 1\n----> 11 y = helper(x)\n");
  assertEquals(r.userTraceback[1].split("\n")[0], "utils/feat.py:5, in helper(v)");
  assertEquals(r.userTraceback.at(-1), "KeyError: 1");
  assertEquals(r.userTraceback.length, 3);
});

Deno.test("locateFailure() names a notebook's cell and its line", () => {
  const r = locateFailure([traceback[2], "KeyError: 1"], {
    root: "/proj",
    cell: { sourcePath: "/proj/nb/explore.ipynb", format: "ipynb", line: 1, index: 4 },
  });
  assertEquals(r.location, { file: "nb/explore.ipynb", line: 2, cell: 4 });
  assertEquals(r.userTraceback[0].split("\n")[0], "nb/explore.ipynb, cell 4, line 2");
});
