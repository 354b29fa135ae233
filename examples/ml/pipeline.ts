// plait's demo in TypeScript: the same graph as pipeline.yaml, with upstream names type-checked.
//   deno run --allow-read --allow-write --allow-run --allow-env --allow-net=127.0.0.1 pipeline.ts build
import { float, pipeline } from "../../mod.ts";

export default pipeline({ executor: "parallel", preload: ["pandas", "sklearn"] })
  .task("load", { source: "tasks/load.py", product: { nb: "output/load.ipynb", data: "output/raw.csv" } })
  .task("clean", {
    source: "tasks/clean.py",
    upstream: ["load"],
    product: { nb: "output/clean.ipynb", data: "output/clean.csv" },
  })
  .task("split", {
    source: "tasks/split.py",
    upstream: ["clean"],
    params: { test_size: 0.3, seed: 42 },
    product: { nb: "output/split.ipynb", train: "output/train.csv", test: "output/test.csv" },
  })
  .task("fit-logreg", {
    source: "tasks/fit_logreg.py",
    upstream: ["split"],
    params: { C: float(1) }, // the Python float 1.0 (in TypeScript, 1.0 is the int 1)
    product: { nb: "output/fit-logreg.ipynb", metrics: "output/metrics-logreg.json" },
  })
  .task("fit-forest-[[n_estimators]]-[[criterion]]", {
    source: "tasks/fit_forest.py",
    upstream: ["split"],
    grid: { n_estimators: [10, 50], criterion: ["gini", "entropy"] },
    product: {
      nb: "output/fit-forest-[[n_estimators]]-[[criterion]].ipynb",
      metrics: "output/metrics-forest-[[n_estimators]]-[[criterion]].json",
    },
  })
  .task("report", {
    source: "tasks/report.py",
    upstream: ["fit-*"],
    product: { nb: "output/report.html", summary: "output/summary.csv" },
  })
  .main(import.meta);
