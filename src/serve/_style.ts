/** Colours of each status on the live page: [fill, stroke, legend label]. */
export const LIVE_STATUS: Readonly<Record<string, readonly [string, string, string]>> = {
  "queued": ["#e0e7ff", "#6366f1", "queued"],
  "running": ["#dbeafe", "#2563eb", "running"],
  "ran": ["#bbf7d0", "#15803d", "ran"],
  "up-to-date": ["#dcfce7", "#16a34a", "up to date"],
  "outdated": ["#fef3c7", "#d97706", "outdated"],
  "failed": ["#fee2e2", "#dc2626", "failed"],
  "skipped": ["#fafafa", "#b4b9c2", "skipped"],
  "interrupted": ["#ffedd5", "#ea580c", "interrupted"],
  "never-run": ["#f3f4f6", "#6b7280", "never run"],
  "unknown": ["#ffffff", "#475569", "unknown"],
};

function statusRules(): string {
  return Object.entries(LIVE_STATUS).map(([s, [fill, stroke]]) =>
    `.plait-node[data-status="${s}"] .plait-box{fill:${fill};stroke:${stroke}}` +
    `.plait-node[data-status="${s}"]>path{fill:${stroke}}` +
    `.sw-${s}{background:${fill};border-color:${stroke}}`
  ).join("\n");
}

/** The page's CSS. */
export const PAGE_CSS = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:#f8fafc;color:#0f172a;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
header{display:flex;align-items:center;gap:12px;padding:10px 20px;background:#fff;border-bottom:1px solid #e2e8f0;position:sticky;top:0;z-index:2}
h1{margin:0;font-size:17px;font-weight:600}
#build{color:#475569;font-size:13px}
#build b{color:#0f172a}
.spacer{flex:1}
button{font:inherit;padding:4px 12px;border:1px solid #cbd5e1;border-radius:6px;background:#fff;cursor:pointer}
button:hover{background:#f1f5f9}
#notice{margin:8px 20px;padding:6px 10px;border-radius:6px;background:#fff7ed;border:1px solid #fed7aa;font-size:13px}
#legend{display:flex;flex-wrap:wrap;gap:12px;padding:8px 20px;font-size:12px;color:#475569}
#legend span{display:inline-flex;align-items:center;gap:5px}
#legend i{display:inline-block;width:13px;height:13px;border:1.5px solid;border-radius:3px}
main{display:flex;gap:16px;padding:0 20px 20px;align-items:flex-start}
#graph{flex:1;min-width:0;overflow:auto;background:#fff;border:1px solid #e2e8f0;border-radius:8px;max-height:calc(100vh - 120px)}
#graph svg{display:block}
.plait-node{cursor:pointer}
.plait-node:hover .plait-box,.plait-node.sel .plait-box{stroke-width:3}
.plait-node[data-status="running"] .plait-box{animation:pulse 1.2s ease-in-out infinite}
.plait-node[data-status="skipped"] .plait-box{stroke-dasharray:5 3}
@keyframes pulse{50%{stroke-width:3.5}}
#panel{flex:0 0 min(40%,540px);background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:12px 16px;max-height:calc(100vh - 120px);overflow:auto}
#panel h2{margin:0 0 4px;font-size:16px;display:flex;align-items:center;gap:8px}
#panel h2 button{margin-left:auto;padding:0 8px}
#panel h3{font-size:13px;margin:14px 0 4px;color:#334155;text-transform:uppercase;letter-spacing:.04em}
#panel pre{margin:0;padding:8px;background:#f8fafc;border:1px solid #e2e8f0;border-radius:6px;white-space:pre-wrap;word-break:break-word;font-size:12px;max-height:320px;overflow:auto}
#panel table{border-collapse:collapse;font-size:13px}
#panel td{padding:2px 10px 2px 0;vertical-align:top}
#panel iframe{width:100%;height:420px;border:1px solid #e2e8f0;border-radius:6px}
.badge{font-size:12px;padding:1px 8px;border-radius:10px;border:1.5px solid}
.muted{color:#64748b}
.err{color:#b91c1c}
pre .stderr{color:#b91c1c}
pre .live-image{display:block;max-width:100%;margin:.3em 0;background:#fff}
#traceback{background:#fef2f2;border-color:#fecaca}
${statusRules()}
`.trim();
