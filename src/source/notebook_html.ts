import { stripAnsi } from "../util/mod.ts";
import { joinText } from "./_ipynb.ts";
import { escapeHtml, renderMarkdown } from "./_markdown.ts";
import type { Notebook, NotebookCell, NotebookOutput } from "./types.ts";

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#1f2328}
h1.title{font-size:1.3em;border-bottom:1px solid #d0d7de;padding-bottom:.3em}
.cell{display:flex;margin:.6em 0}.prompt{flex:0 0 5.5em;font-family:monospace;color:#6e7781;text-align:right;padding:.4em .6em 0 0}
.body{flex:1;min-width:0}.input pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;padding:.5em;margin:0}
pre{white-space:pre-wrap;word-wrap:break-word;font-size:.88em;margin:.3em 0}
.output{padding:.2em .5em;overflow-x:auto}.stderr{background:#fff5f5}.error pre{background:#ffebe9;padding:.5em}
.output img{max-width:100%}.markdown{padding:0 .5em}.tag{font-size:.75em;color:#57606a;background:#eaeef2;border-radius:3px;padding:0 .4em;margin-right:.3em}
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.2em .5em}`;

/**
 * Removes what would make a page reach the network: `<script src=...>`, `<link href=...>` and
 * `<iframe src=...>` pointing at http(s) or protocol-relative URLs.
 */
export function dropExternalResources(html: string): string {
  const remote = `["']?(?:https?:)?//`;
  return html
    .replace(new RegExp(`<script\\b[^>]*\\bsrc\\s*=\\s*${remote}[^>]*>[\\s\\S]*?</script\\s*>`, "gi"), "")
    .replace(
      new RegExp(`<(?:link|iframe)\\b[^>]*\\b(?:href|src)\\s*=\\s*${remote}[^>]*>(?:</iframe>)?`, "gi"),
      "",
    );
}

const RICH_ORDER = [
  "text/html",
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "image/gif",
  "text/markdown",
  "text/plain",
];

function renderBundle(data: Record<string, unknown>): string {
  const mime = RICH_ORDER.find((m) => m in data) ?? Object.keys(data).find((m) => m.startsWith("text/"));
  if (!mime) return "";
  const text = joinText(data[mime]);
  switch (mime) {
    case "text/html":
      return `<div class="html">${dropExternalResources(text)}</div>`;
    case "image/svg+xml":
      return `<div class="svg">${dropExternalResources(text)}</div>`;
    case "image/png":
    case "image/jpeg":
    case "image/gif":
      return `<img alt="output" src="data:${mime};base64,${text.replace(/\s+/g, "")}">`;
    case "text/markdown":
      return `<div class="markdown">${renderMarkdown(text)}</div>`;
    default:
      return `<pre>${escapeHtml(stripAnsi(text))}</pre>`;
  }
}

function renderOutput(o: NotebookOutput): string {
  switch (o.output_type) {
    case "stream": {
      const cls = o.name === "stderr" ? "output stderr" : "output";
      return `<div class="${cls}"><pre>${escapeHtml(stripAnsi(joinText(o.text)))}</pre></div>`;
    }
    case "display_data":
    case "execute_result":
      return `<div class="output">${renderBundle((o.data ?? {}) as Record<string, unknown>)}</div>`;
    case "error": {
      const tb = Array.isArray(o.traceback) && o.traceback.length
        ? o.traceback.map(String).join("\n")
        : `${o.ename}: ${o.evalue}`;
      return `<div class="output error"><pre>${escapeHtml(stripAnsi(tb))}</pre></div>`;
    }
    default:
      return "";
  }
}

function renderCell(cell: NotebookCell): string {
  const source = joinText(cell.source);
  if (cell.cell_type === "markdown") {
    return `<div class="cell"><div class="prompt"></div><div class="body markdown">${
      renderMarkdown(source)
    }</div></div>`;
  }
  if (cell.cell_type === "raw") {
    return `<div class="cell"><div class="prompt"></div><div class="body"><pre>${
      escapeHtml(source)
    }</pre></div></div>`;
  }
  const count = cell.execution_count ?? " ";
  const tags = Array.isArray(cell.metadata.tags) ? cell.metadata.tags : [];
  const tagHtml = tags.map((t) => `<span class="tag">${escapeHtml(String(t))}</span>`).join("");
  const outputs = (cell.outputs ?? []).map(renderOutput).join("\n");
  return `<div class="cell code"><div class="prompt">In&nbsp;[${escapeHtml(String(count))}]:</div>` +
    `<div class="body">${tagHtml}<div class="input"><pre><code>${escapeHtml(source)}</code></pre></div>` +
    `${outputs}</div></div>`;
}

/**
 * Renders an executed notebook as one self-contained HTML page: inline CSS, no external scripts,
 * styles or fonts. Code is escaped; outputs show their richest safe representation (HTML, SVG, PNG
 * or JPEG as data: URIs, else plain text); ANSI colours are stripped from streams and tracebacks.
 *
 * @example
 * ```ts
 * import { buildNotebook, renderNotebookHtml } from "./mod.ts";
 * const nb = buildNotebook([{ cellType: "code", source: "1 < 2", tags: [], metadata: {}, line: 1 }], { kernelName: "python3" });
 * if (!renderNotebookHtml(nb, "fit").includes("1 &lt; 2")) throw new Error("unexpected");
 * ```
 */
export function renderNotebookHtml(nb: Notebook, title: string): string {
  const cells = nb.cells.map(renderCell).join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1 class="title">${escapeHtml(title)}</h1>
${cells}
</body>
</html>
`;
}
