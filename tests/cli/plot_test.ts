/**
 * `plot` end to end through the CLI, on the chain fixture (load -> clean -> report) with real kernels:
 * a deterministic SVG beside the pipeline, status colours that follow builds and edits, an offline page.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { assertGolden, cli, tempProject } from "./_helpers.ts";
import { countColor, decodePng } from "../../src/plot/_png_test_util.ts";
import { STATUS_STYLE } from "../../src/plot/_theme.ts";

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
  const svg = await p.read("pipeline.svg");
  const [w, h] = [/ width="([\d.]+)"/, / height="([\d.]+)"/].map((re) => Number(re.exec(svg)![1]));
  await cli(p.dir, ["plot", "-o", "pipeline.png"]);
  const built = await decodePng(await Deno.readFile(p.path("pipeline.png")));
  deepStrictEqual([built.width, built.height], [Math.round(2 * w), Math.round(2 * h)]);
  ok(countColor(built, STATUS_STYLE["up-to-date"].fill, 3) > 3 * 2000, "green box fills in the PNG");
  deepStrictEqual(countColor(built, STATUS_STYLE.outdated.fill, 3), 0);
  const clean = await p.read("tasks/clean.py");
  await p.write("tasks/clean.py", clean.replace("i % 2 == 0", "i % 2 == 1"));
  await cli(p.dir, ["plot", "-o", "pipeline.png"]);
  const edited = await decodePng(await Deno.readFile(p.path("pipeline.png")));
  ok(countColor(edited, STATUS_STYLE.outdated.fill, 3) > 2 * 2000, "yellow fills for the two outdated tasks");
  ok(countColor(edited, STATUS_STYLE["up-to-date"].fill, 3) > 2000, "load stays green");
  await cli(p.dir, ["plot", "--html"]);
  const html = await p.read("pipeline.html");
  deepStrictEqual(statuses(html), { load: "up-to-date", clean: "outdated", report: "outdated" });
  // Each box links to its executed notebook, relative to the page.
  ok(html.includes('<a class="plait-link" href="output/clean.ipynb"'), html);
  ok(html.includes("<svg") && !/<script[^>]+src=|<link[^>]+href="?https?:/i.test(html), "an offline page");
});

Deno.test("plot names the formats it writes: -o x.pdf and --html -o x.svg are usage errors", async () => {
  await using p = await tempProject("chain");
  const pdf = await cli(p.dir, ["plot", "-o", "x.pdf"], 2);
  deepStrictEqual(pdf.code, 2);
  ok(/Cannot write a plot to "x\.pdf": plait writes \.svg, \.html, \.png/.test(pdf.stderr), pdf.stderr);
  const svg = await cli(p.dir, ["plot", "--html", "-o", "x.svg"], 2);
  deepStrictEqual(svg.code, 2);
  ok(svg.stderr.includes("--html writes .html files"), svg.stderr);
});
