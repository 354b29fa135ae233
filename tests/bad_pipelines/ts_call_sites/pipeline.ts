// A type-correct pipeline.ts whose problems only show when it is resolved:
// each is reported at the call site of the .task() that caused it.
import { pipeline } from "../../../src/graph/mod.ts";

export default pipeline()
  .task("load", { source: "tasks/load.py", product: "output/load.ipynb" })
  .task("load", { source: "tasks/load.py", product: "output/load-again.ipynb" })
  .task("clean", { source: "tasks/clean.py", upstream: ["load"], product: "output/load.ipynb" })
  .task("fit-", {
    source: "tasks/fit.py",
    upstream: ["load", "feat*"],
    product: "output/fit-[[alpha]].ipynb",
    grid: { n: [1, 2] },
  });
