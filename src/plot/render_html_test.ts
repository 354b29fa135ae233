import assert from "node:assert/strict";
import { renderHtml } from "./render_html.ts";
import { renderSvg } from "./render_svg.ts";
import type { PlotGraph } from "./plot_graph.ts";

// load -> fit (failed)
const graph: PlotGraph = {
  title: "ml <pipeline>",
  nodes: [{ id: "load", status: "up-to-date" }, {
    id: "fit",
    status: "failed",
    tooltip: "ZeroDivisionError",
  }],
  edges: [["load", "fit"], ["load", "fit"]],
};

Deno.test("renderHtml() embeds the SVG in a standalone page with the escaped title as heading", () => {
  const html = renderHtml(graph);
  assert.match(html, /^<!doctype html>\n<html lang="en">/);
  assert.ok(html.includes("<title>ml &lt;pipeline&gt;</title>"));
  assert.ok(html.includes("<h1>ml &lt;pipeline&gt;</h1>"));
  assert.ok(html.includes("2 tasks, 1 dependency"));
  assert.ok(html.includes(renderSvg({ ...graph, title: undefined })), "the SVG, without its own title");
  assert.ok(html.includes("ZeroDivisionError"), "node tooltips come along");
  assert.ok(html.includes(`class="plait-legend"`));
});

Deno.test("renderHtml() works offline: one inline script, no links other than the SVG namespace", () => {
  const html = renderHtml(graph, { title: "t", direction: "LR" });
  assert.ok(!/<script[^>]+src|<link|@import|url\(http/i.test(html));
  assert.equal(html.match(/<script>/g)?.length, 1);
  const urls = html.match(/https?:\/\/[^\s"')]+/g) ?? [];
  assert.deepEqual([...new Set(urls)], ["http://www.w3.org/2000/svg"]);
  assert.ok(html.includes("<h1>t</h1>"));
  assert.ok(html.includes('data-zoom="fit"'), "zoom buttons");
});

Deno.test("renderHtml() with an expanded graph offers a switch to every grid point", () => {
  const expanded: PlotGraph = { nodes: [...graph.nodes, { id: "fit-1" }], edges: graph.edges };
  const html = renderHtml(graph, { expanded });
  assert.ok(html.includes('id="every-point"'));
  assert.ok(html.includes('data-id="fit-1"'));
  assert.ok(html.includes("3 tasks"));
  assert.ok(!renderHtml(graph).includes('id="every-point"'));
});

Deno.test("renderHtml() passes SVG options through", () => {
  assert.ok(!renderHtml(graph, { legend: false }).includes("plait-legend"));
  assert.ok(
    renderHtml(graph, { direction: "LR" }).includes(
      renderSvg({ ...graph, title: undefined }, { direction: "LR" }),
    ),
  );
});
