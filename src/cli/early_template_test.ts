import { deepStrictEqual } from "node:assert/strict";
import { earlyBuildFlags } from "./early_template.ts";

Deno.test("earlyBuildFlags reads the flags that choose the early template from plain spellings", () => {
  deepStrictEqual(earlyBuildFlags(["build"]), {});
  deepStrictEqual(
    earlyBuildFlags(["build", "-e", "p/pipeline.yaml", "--force", "--python", "/usr/bin/python3", "-D"]),
    { entry: "p/pipeline.yaml", force: true, python: "/usr/bin/python3", debuglater: true },
  );
  deepStrictEqual(earlyBuildFlags(["build", "--entry-point", "x.yaml", "-d", "-f"]), {
    entry: "x.yaml",
    debug: true,
    force: true,
  });
  // options that do not matter here are stepped over, with their values
  deepStrictEqual(
    earlyBuildFlags(["build", "-j", "2", "--log", "debug", "-l", "--json", "-p", "fit-*", "--entry", "e"]),
    { entry: "e" },
  );
});

Deno.test("earlyBuildFlags leaves anything else to the CLI's own parsing", () => {
  for (
    const args of [
      ["status"],
      ["build", "--help"],
      ["build", "--entry=x.yaml"], // a spelling it does not read
      ["build", "-fe", "x.yaml"],
      ["build", "--env--sample", "0.1"],
      ["build", "-e"],
      ["build", "-e", "--force"],
      ["build", "--no-such-flag"],
    ]
  ) deepStrictEqual(earlyBuildFlags(args), undefined, args.join(" "));
});
