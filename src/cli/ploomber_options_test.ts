import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { UsageError } from "../errors/mod.ts";
import { translatePloomberArgs } from "./ploomber_options.ts";

Deno.test("translatePloomberArgs() turns Ploomber's spellings into plait's and drops ignored options with a notice", () => {
  assertEquals(translatePloomberArgs(["build", "--entry-point", "p.yaml", "-l", "info", "-F", "b.log"]), {
    args: ["build", "--entry", "p.yaml", "--log", "info", "--log-file", "b.log"],
    notices: [],
  });
  assertEquals(translatePloomberArgs(["build", "--entry-point=p.yaml"]).args, ["build", "--entry=p.yaml"]);
  assertEquals(translatePloomberArgs(["task", "fit", "-st"]).args, ["task", "fit", "--status"]);
  assertEquals(translatePloomberArgs(["nb", "-i"]).args, ["nb", "--inject"]);
  const plot = translatePloomberArgs(["plot", "--backend", "d3", "-o", "p.svg"]);
  assertEquals(plot.args, ["plot", "-o", "p.svg"]);
  assertEquals(plot.notices.length, 1);
  // plait's own commands and options pass through untouched.
  assertEquals(translatePloomberArgs(["report", "-o", "r.html"]).args, ["report", "-o", "r.html"]);
  assertEquals(translatePloomberArgs(["refactor", "nb.ipynb", "-p"]).args, ["refactor", "nb.ipynb", "-p"]);
});

Deno.test("translatePloomberArgs() names the plait way for every Ploomber option or command it lacks", () => {
  throws(() => translatePloomberArgs(["task", "fit", "--build", "--source"]), (e: unknown) => {
    const issues = (e as UsageError).issues;
    assertEquals(issues.map((i) => i.message), [
      "Cannot use --build with plait task: it is a Ploomber option plait does not have",
      "Cannot use --source with plait task: it is a Ploomber option plait does not have",
    ]);
    return e instanceof UsageError && issues.every((i) => i.hint?.startsWith("instead: "));
  });
  throws(() => translatePloomberArgs(["interact"]), /Cannot run "interact": that is a Ploomber command/);
  throws(() => translatePloomberArgs(["nb", "--pair", "x"]), /Cannot use --pair with plait nb/);
});
