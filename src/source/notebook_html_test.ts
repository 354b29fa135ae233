import assert from "node:assert/strict";
import { buildNotebook } from "./notebook.ts";
import { stripAnsi } from "../util/mod.ts";
import { dropExternalResources, renderNotebookHtml } from "./notebook_html.ts";
import type { ExecutedCell, NotebookOutput } from "./types.ts";

function code(source: string, outputs: NotebookOutput[] = []): ExecutedCell {
  return { cellType: "code", source, tags: [], metadata: {}, line: 1, executionCount: 3, outputs };
}

function render(cells: ExecutedCell[]): string {
  return renderNotebookHtml(buildNotebook(cells, { kernelName: "python3" }), "fit <report>");
}

Deno.test("renderNotebookHtml() escapes code, title and text outputs", () => {
  const html = render([
    code("if a < b and c > d: print('<b>&')", [{
      output_type: "stream",
      name: "stdout",
      text: "<script>x</script>",
    }]),
  ]);
  assert.match(html, /if a &lt; b and c &gt; d: print\(&#39;&lt;b&gt;&amp;&#39;\)/);
  assert.match(html, /&lt;script&gt;x&lt;\/script&gt;/);
  assert.match(html, /<title>fit &lt;report&gt;<\/title>/);
  assert.match(html, /In&nbsp;\[3\]:/);
  assert.doesNotMatch(html, /<script>x/);
});

Deno.test("renderNotebookHtml() picks the richest safe representation of an output", () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [
      { "image/png": "iVBORw0K\nGgo=", "text/plain": "<Figure>" },
      /<img alt="output" src="data:image\/png;base64,iVBORw0KGgo=">/,
    ],
    [{ "image/jpeg": "/9j/4AAQ", "text/plain": "x" }, /src="data:image\/jpeg;base64,\/9j\/4AAQ"/],
    [
      { "image/svg+xml": "<svg><circle r='1'/></svg>", "text/plain": "x" },
      /<div class="svg"><svg><circle r='1'\/><\/svg><\/div>/,
    ],
    [{ "text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "df" }, /<div class="html"><table>/],
    [{ "text/plain": "<42>" }, /<pre>&lt;42&gt;<\/pre>/],
  ];
  for (const [data, re] of cases) {
    assert.match(render([code("x", [{ output_type: "execute_result", data, metadata: {} }])]), re);
  }
});

Deno.test("renderNotebookHtml() shows tracebacks and streams without ANSI escapes", () => {
  const html = render([code("1/0", [
    { output_type: "stream", name: "stderr", text: "\x1b[33mwarn\x1b[0m\n" },
    {
      output_type: "error",
      ename: "ZeroDivisionError",
      evalue: "division by zero",
      traceback: ["\x1b[0;31mZeroDivisionError\x1b[0m: division by zero", "  <frame>"],
    },
  ])]);
  assert.match(html, /class="output stderr"><pre>warn\n<\/pre>/);
  assert.match(
    html,
    /class="output error"><pre>ZeroDivisionError: division by zero\n {2}&lt;frame&gt;<\/pre>/,
  );
  assert.equal(html.includes("\x1b"), false);
});

Deno.test("renderNotebookHtml() is self-contained: no remote scripts, styles or frames", () => {
  const remote =
    '<script src="https://cdn.plot.ly/plotly.min.js"></script><link rel="stylesheet" href="//cdn.x/y.css">' +
    '<iframe src="http://example.com"></iframe><script>var inline = 1;</script><div id="plot"></div>';
  const html = render([
    code("fig", [{ output_type: "display_data", data: { "text/html": remote }, metadata: {} }]),
  ]);
  assert.doesNotMatch(html, /<(script|link|iframe)[^>]*(src|href)\s*=\s*["']?(https?:)?\/\//i);
  assert.match(html, /var inline = 1/);
  assert.match(html, /<div id="plot"><\/div>/);
  assert.match(html, /<style>/);
});

Deno.test("renderNotebookHtml() renders markdown cells safely", () => {
  const md: ExecutedCell = {
    cellType: "markdown",
    source:
      "# Title\n\nSome **bold** and `a<b` with [docs](https://x.org) and [bad](javascript:alert(1)).\n\n- one\n- two\n\n<img src=x onerror=alert(1)>",
    tags: [],
    metadata: {},
    line: 1,
  };
  const html = render([md]);
  assert.match(html, /<h1>Title<\/h1>/);
  assert.match(html, /<strong>bold<\/strong>/);
  assert.match(html, /<code>a&lt;b<\/code>/);
  assert.match(html, /<a href="https:\/\/x.org">docs<\/a>/);
  assert.doesNotMatch(html, /javascript:/);
  assert.match(html, /<ul><li>one<\/li><li>two<\/li><\/ul>/);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
});

Deno.test("stripAnsi() and dropExternalResources() leave plain content alone", () => {
  assert.equal(stripAnsi("\x1b[1;32mok\x1b[0m done \x1b[2K"), "ok done ");
  assert.equal(
    dropExternalResources("<p>http://example.com is text</p>"),
    "<p>http://example.com is text</p>",
  );
});
