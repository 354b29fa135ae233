/**
 * Parity: each pipeline written both as pipeline.ts and pipeline.yaml must give the same graph
 * (tasks, kinds, sources, products, params, grid points, upstream, order), since the YAML loader
 * calls the same builder. Examples with both files join the list automatically.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { Pipeline } from "../../src/graph/mod.ts";
import { loadPipeline } from "../../src/project/mod.ts";
import { fromFileUrl, join } from "../../src/util/path.ts";

const REPO = fromFileUrl(new URL("../../", import.meta.url));

function hasBoth(dir: string): boolean {
  try {
    return Deno.statSync(join(dir, "pipeline.ts")).isFile && Deno.statSync(join(dir, "pipeline.yaml")).isFile;
  } catch {
    return false;
  }
}

function examples(): string[] {
  try {
    return [...Deno.readDirSync(join(REPO, "examples"))].filter((e) => e.isDirectory).map((e) =>
      join(REPO, "examples", e.name)
    );
  } catch {
    return [];
  }
}

const DIRS = [join(REPO, "tests/fixtures/pipelines/parity"), ...examples()].filter(hasBoth);

/** The parts of a graph that must not depend on how it was written. */
function shape(p: Pipeline) {
  return {
    root: p.root,
    executor: p.executor,
    order: p.order,
    layers: p.layers,
    tasks: [...p.tasks.values()].map((t) => ({
      name: t.name,
      kind: t.kind,
      sourcePath: t.sourcePath,
      dottedPath: t.dottedPath,
      product: t.product,
      params: t.params,
      grid: t.grid,
      upstream: t.upstream,
      upstreamRefs: t.upstreamRefs,
      serializer: t.serializer,
      kernel: t.kernel,
      deps: t.deps,
    })),
  };
}

Deno.test("parity: the fixture uses grids, globs and group names", async () => {
  const { pipeline } = await loadPipeline({ entry: join(DIRS[0], "pipeline.yaml") });
  assertEquals([...pipeline.tasks.keys()], [
    "load",
    "clean",
    "fit-0",
    "fit-1",
    "fit-2",
    "fit-3",
    "sweep-0.1",
    "sweep-1",
    "sweep-10",
    "report",
  ]);
  assertEquals(pipeline.tasks.get("fit-1")!.product, {
    nb: "output/fit-5-entropy-1.ipynb",
    model: "output/model-1.pkl",
  });
  assertEquals(pipeline.tasks.get("fit-3")!.upstream, ["clean"]);
  assertEquals(pipeline.tasks.get("sweep-10")!.upstreamRefs, [{
    key: "clean",
    tasks: ["clean"],
    multi: false,
  }]);
  assertEquals(pipeline.tasks.get("report")!.upstreamRefs, [
    { key: "fit-*", tasks: ["fit-0", "fit-1", "fit-2", "fit-3"], multi: true },
    { key: "sweep", tasks: ["sweep-0.1", "sweep-1", "sweep-10"], multi: true },
  ]);
  assertEquals(pipeline.tasks.get("clean")!.params, { threshold: 0.5 });
});

for (const dir of DIRS) {
  Deno.test(`parity: ${dir.slice(REPO.length)} builds the same graph from pipeline.ts and pipeline.yaml`, async () => {
    const fromTs = await loadPipeline({ entry: join(dir, "pipeline.ts") });
    const fromYaml = await loadPipeline({ entry: join(dir, "pipeline.yaml") });
    assert(fromTs.pipeline.tasks.size > 0);
    assertEquals(shape(fromTs.pipeline), shape(fromYaml.pipeline));
  });
}
