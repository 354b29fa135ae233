/**
 * `plot` end to end through the CLI, on the chain fixture (load -> clean -> report) with real kernels:
 * a deterministic SVG beside the pipeline, status colours that follow builds and edits, an offline page.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { assertGolden, cli, tempProject } from "./_helpers.ts";

/** Each node's status, read from the SVG's `data-id` / `data-status` attributes. */
function statuses(svg: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of svg.matchAll(/class="plait-node" data-id="([^"]+)" data-status="([^"]+)"/g)) {
    out[m[1]] = m[2];
  }
  return out;
}

Deno.test("plot writes pipeline.svg beside the pipeline, the same bytes every time", async () => {
  await using p = await tempProject("chain");
  const r = await cli(p.dir, ["plot", "--no-status"]);
  ok(r.stdout.includes("pipeline.svg"), r.stdout);
  const first = await p.read("pipeline.svg");
  await cli(p.dir, ["plot", "--no-status", "-o", "again.svg"]);
  deepStrictEqual(await p.read("again.svg"), first);
  await assertGolden("plot_chain.svg.txt", first);
});

Deno.test("plot colours tasks by status: never run, up to date, then outdated after a code edit", async () => {
  await using p = await tempProject("chain");
  await cli(p.dir, ["plot"]);
  deepStrictEqual(statuses(await p.read("pipeline.svg")), {
    load: "never-run",
    clean: "never-run",
    report: "never-run",
  });
  await cli(p.dir, ["build"]);
  await cli(p.dir, ["plot"]);
  deepStrictEqual(statuses(await p.read("pipeline.svg")), {
    load: "up-to-date",
    clean: "up-to-date",
    report: "up-to-date",
  });
  const clean = await p.read("tasks/clean.py");
  await p.write("tasks/clean.py", clean.replace("i % 2 == 0", "i % 2 == 1"));
  await cli(p.dir, ["plot", "--html"]);
  const html = await p.read("pipeline.html");
  deepStrictEqual(statuses(html), { load: "up-to-date", clean: "outdated", report: "outdated" });
  ok(html.includes("<svg") && !/<script[^>]+src=|<link[^>]+href="?https?:/i.test(html), "an offline page");
});
