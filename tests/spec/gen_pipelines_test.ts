/**
 * The benchmark pipelines of tools/gen_pipelines.ts (Ploomber's format, as the Python generator
 * the team first used wrote them) load unmodified.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { loadPipeline } from "../../src/project/mod.ts";
import { generatePipeline } from "../../tools/gen_pipelines.ts";

const generate = generatePipeline;

Deno.test("loadPipeline() loads gen_pipelines.py's linear, grid serial and grid parallel pipelines", async () => {
  const dir = await Deno.makeTempDir({ prefix: "plait_gen_" });
  try {
    const linear = await loadPipeline({ entry: await generate(dir, "linear", "25") });
    assertEquals(linear.pipeline.order.length, 25);
    assertEquals(linear.pipeline.layers.length, 25);
    assertEquals(linear.pipeline.tasks.get("t25")!.upstream, ["t24"]);
    assertEquals(linear.pipeline.tasks.get("t01")!.product, {
      nb: "products/t01.ipynb",
      data: "products/t01.json",
    });
    assertEquals(linear.pipeline.executor, { kind: "serial" });

    for (const executor of ["serial", "parallel"]) {
      const grid = await loadPipeline({ entry: await generate(dir, "grid", "8", executor, "0.5") });
      assertEquals(grid.pipeline.executor, { kind: executor });
      assertEquals(grid.pipeline.order, [
        "grid-0",
        "grid-1",
        "grid-2",
        "grid-3",
        "grid-4",
        "grid-5",
        "grid-6",
        "grid-7",
      ]);
      assertEquals(grid.pipeline.layers.length, 1);
      const t = grid.pipeline.tasks.get("grid-7")!;
      // As Ploomber 0.23 names them: the value, then the point's index.
      assertEquals([t.params, t.product], [{ i: 7 }, {
        nb: "products/grid-7-7.ipynb",
        data: "products/grid-7-7.json",
      }]);
      assertEquals(grid.notices, []);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
